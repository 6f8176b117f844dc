package dev.tlsdoctor.clients;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The client simulation's entry point: which of the known clients connect to a server, and why the others do not.
 * {@code scan}, {@code config}, {@code clients} and {@code diagnose} all call it with a {@link ServerOffer} built by
 * {@link ScanOffer#of} (a scan) or {@link PolicyOffer#of} (an nginx configuration).
 */
public final class ClientSimulation {
  private ClientSimulation() {
  }

  /** Every shipped client against {@code offer}, in the database's order. */
  public static List<Verdict> against(ServerOffer offer) {
    return against(offer, ClientDatabase.all());
  }

  /** These clients against {@code offer}, in the order given. */
  public static List<Verdict> against(ServerOffer offer, List<ClientProfile> clients) {
    List<Verdict> out = new ArrayList<>(clients.size());
    for (ClientProfile c : clients) {
      out.add(Simulator.simulate(c, offer));
    }
    return out;
  }

  /** One client against {@code offer}. */
  public static Verdict simulate(ClientProfile client, ServerOffer offer) {
    return Simulator.simulate(client, offer);
  }

  /** {@code v} with what the live server answered to the replayed hello. */
  public static Verdict withReplay(Verdict v, Verdict.Replay r) {
    return v.withReplay(r);
  }

  /** The verdicts with the failures first (each group in the given order), as reports list them. */
  public static List<Verdict> failuresFirst(List<Verdict> verdicts) {
    List<Verdict> out = new ArrayList<>(verdicts);
    out.sort(Comparator.comparing(Verdict::connects));
    return out;
  }

  /** The clients that fail, in words: {@code "Java 6u45, IE 8 on XP"} (at most {@code max}, then "and N more"). */
  public static String failingNames(List<Verdict> verdicts, int max) {
    List<String> names = verdicts.stream().filter(v -> !v.connects()).map(Verdict::name).toList();
    if (names.size() <= max) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, max)) + " and " + (names.size() - max) + " more";
  }
}

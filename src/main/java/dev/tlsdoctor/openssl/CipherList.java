package dev.tlsdoctor.openssl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The working list an OpenSSL cipher string edits: every available suite in OpenSSL's default preference order,
 * each switched on or off. Adding appends newly switched-on suites at the end; {@code -} switches off and moves to
 * the front (so a later add restores them in their original order); {@code +} moves switched-on suites to the end;
 * {@code !} removes for good. Every operation keeps the relative order of the suites it moves.
 */
final class CipherList {
  private final List<OpensslCipher> order;
  private final Set<OpensslCipher> active = new HashSet<>();

  CipherList(List<OpensslCipher> defaultOrder) {
    this.order = new ArrayList<>(defaultOrder);
  }

  /** Switches on the matching suites that are off, appending them in list order. */
  void add(CipherSelector s) {
    List<OpensslCipher> moved = take(c -> s.matches(c) && !active.contains(c));
    order.addAll(moved);
    active.addAll(moved);
  }

  /** Moves the matching switched-on suites to the end ({@code +}). */
  void moveToEnd(CipherSelector s) {
    order.addAll(take(c -> s.matches(c) && active.contains(c)));
  }

  /** Switches off the matching suites, moving them to the front ({@code -}). */
  void remove(CipherSelector s) {
    List<OpensslCipher> moved = take(c -> s.matches(c) && active.contains(c));
    order.addAll(0, moved);
    moved.forEach(active::remove);
  }

  /** Deletes the matching suites for good ({@code !}). */
  void kill(CipherSelector s) {
    take(s::matches).forEach(active::remove);
  }

  /** {@code @STRENGTH}: the switched-on suites, strongest cipher first, stable, after the switched-off ones. */
  void sortByStrength() {
    List<OpensslCipher> on = take(active::contains);
    on.sort(Comparator.comparingInt(OpensslCipher::bits).reversed());
    order.addAll(on);
  }

  /** True if some suite still in the list matches (used to report words that select nothing). */
  boolean anyMatch(CipherSelector s) {
    return order.stream().anyMatch(s::matches);
  }

  /** The switched-on suites in order. */
  List<OpensslCipher> active() {
    return order.stream().filter(active::contains).toList();
  }

  private List<OpensslCipher> take(java.util.function.Predicate<OpensslCipher> p) {
    List<OpensslCipher> taken = new ArrayList<>();
    order.removeIf(c -> {
      if (p.test(c)) {
        taken.add(c);
        return true;
      }
      return false;
    });
    return taken;
  }
}

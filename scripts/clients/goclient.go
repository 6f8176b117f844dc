// GET URL with Go's net/http and crypto/tls defaults. With a CA file, that CA is the only trust anchor; without,
// any certificate is accepted (neither changes the ClientHello).
package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"
)

func main() {
	cfg := &tls.Config{}
	if len(os.Args) > 2 {
		pem, err := os.ReadFile(os.Args[2])
		if err != nil {
			fmt.Println("failed:", err)
			return
		}
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(pem)
		cfg.RootCAs = pool
	} else {
		cfg.InsecureSkipVerify = true
	}
	client := &http.Client{Timeout: 10 * time.Second,
		Transport: &http.Transport{TLSClientConfig: cfg, ForceAttemptHTTP2: true}}
	resp, err := client.Get(os.Args[1])
	if err != nil {
		fmt.Println("failed:", err)
		return
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(tls.CipherSuiteName(resp.TLS.CipherSuite))
}

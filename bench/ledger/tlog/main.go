// Go's reference transparency log (golang.org/x/mod/sumdb/tlog), measured the way bench/ledger/tlog.ts
// measures accord's MemoryTree: in-memory appends of N records (leaf hash plus every stored hash each new
// record completes, kept in one slice as tlog lays them out), then inclusion proofs of random records in the
// tree of N (made and dropped, as a server answers requests), each then checked once against the root,
// untimed. Prints one JSON line.
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go run bench/ledger/tlog/main.go -n 1000000 -proofs 200000
package main

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// cpuNs is the CPU time (user + system) this process has used, in nanoseconds: on a shared machine it is a
// steadier measure than the wall clock, and node's side reports the same.
func cpuNs() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

func main() {
	n := flag.Int64("n", 1_000_000, "records")
	proofs := flag.Int("proofs", 200_000, "inclusion proofs")
	flag.Parse()

	records := make([][]byte, *n)
	for i := range records {
		records[i] = []byte("entry-" + strconv.Itoa(i))
	}
	stored := make([]tlog.Hash, 0, tlog.StoredHashCount(*n))
	reader := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(indexes))
		for i, x := range indexes {
			out[i] = stored[x]
		}
		return out, nil
	})

	t0, c0 := time.Now(), cpuNs()
	for i := int64(0); i < *n; i++ {
		hs, err := tlog.StoredHashes(i, records[i], reader)
		if err != nil {
			panic(err)
		}
		stored = append(stored, hs...)
	}
	appendNs := float64(time.Since(t0).Nanoseconds()) / float64(*n)
	appendCPU := float64(cpuNs()-c0) / float64(*n)

	root, err := tlog.TreeHash(*n, reader)
	if err != nil {
		panic(err)
	}
	idx := make([]int64, *proofs)
	state := uint64(12345)
	for i := range idx {
		state = (state*1103515245 + 12345) % (1 << 31)
		idx[i] = int64(state % uint64(*n))
	}
	// Timed: each proof is made and dropped, as a server serializes one per request; one byte of each is
	// kept so none can be optimized away. Checking them is a separate, untimed pass.
	var sink byte
	t1, c1 := time.Now(), cpuNs()
	for _, x := range idx {
		p, err := tlog.ProveRecord(*n, x, reader)
		if err != nil {
			panic(err)
		}
		if len(p) > 0 {
			sink ^= p[0][0]
		}
	}
	proofNs := float64(time.Since(t1).Nanoseconds()) / float64(len(idx))
	proofCPU := float64(cpuNs()-c1) / float64(len(idx))
	for _, x := range idx {
		p, _ := tlog.ProveRecord(*n, x, reader)
		if err := tlog.CheckRecord(p, *n, root, x, tlog.RecordHash(records[x])); err != nil {
			fmt.Fprintln(os.Stderr, "proof failed:", err)
			os.Exit(1)
		}
	}
	// One SHA-256 of an RFC 6962 node's 65 bytes, the unit both appends are made of.
	node := make([]byte, 65)
	c2 := cpuNs()
	for i := 0; i < 1_000_000; i++ {
		node[0] = byte(i)
		sum := sha256.Sum256(node)
		sink ^= sum[0]
	}
	hashCPU := float64(cpuNs()-c2) / 1e6

	json.NewEncoder(os.Stdout).Encode(map[string]any{
		"impl": "go tlog", "n": *n, "root": root.String(),
		"appendNsPerOp": appendNs, "proofNsPerOp": proofNs, "appendCpuNsPerOp": appendCPU,
		"proofCpuNsPerOp": proofCPU, "hashCpuNsPerOp": hashCPU, "proofs": len(idx), "sink": sink,
	})
}

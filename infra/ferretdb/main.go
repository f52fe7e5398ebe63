// Command ferretdb-embedded runs FerretDB v1 (MongoDB wire protocol) on top of
// SQLite, for development and tests on machines where no mongod can be installed.
// Production uses a real MongoDB replica set through MONGODB_URI instead.
//
// FerretDB's own cmd panics without the version file its release build writes,
// so we embed the library instead of `go install`ing the command.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", "", "directory for the SQLite files (created if missing)")
	postgresURL := flag.String("postgresql-url", "", "store in this PostgreSQL database instead of SQLite files (scripts/measure-ferretdb-races.ts)")
	synchronous := flag.String("synchronous", "normal", "SQLite's synchronous setting: normal or full (see sqliteURL)")
	flag.Parse()

	config := &ferretdb.Config{Listener: ferretdb.ListenerConfig{TCP: *listen}}
	if *postgresURL != "" {
		config.Handler = "postgresql"
		config.PostgreSQLURL = *postgresURL
	} else {
		if *dataDir == "" {
			log.Fatal("-data or -postgresql-url is required")
		}
		abs, err := filepath.Abs(*dataDir)
		if err != nil {
			log.Fatal(err)
		}
		if err := os.MkdirAll(abs, 0o700); err != nil {
			log.Fatal(err)
		}
		config.Handler = "sqlite"
		url, err := sqliteURL(abs, *synchronous)
		if err != nil {
			log.Fatal(err)
		}
		config.SQLiteURL = url
	}

	f, err := ferretdb.New(config)
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	if config.Handler == "sqlite" {
		// Collections kept from an earlier start are indexed before the scripts are told to connect.
		abs, _ := filepath.Abs(*dataDir)
		keeper := &idIndexKeeper{dir: abs}
		keeper.pass(ctx)
		go keeper.run(ctx, time.Second)
	}

	// The scripts wait for this line before connecting.
	fmt.Printf("ferretdb listening on %s uri=%s synchronous=%s\n", *listen, f.MongoDBURI(), *synchronous)

	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

// sqliteURL is FerretDB's SQLite URI for the data directory. FerretDB keeps
// SQLite's default synchronous=FULL, which in WAL mode syncs the log to disk
// at every commit, and FerretDB commits every modified document on its own:
// about 115 µs of fsync per document written here. With NORMAL the log is
// synced at checkpoints: a commit survives FerretDB or the machine's
// processes being killed, and the files stay consistent, but the last
// commits before a power loss or kernel crash may be rolled back. That is the
// class of guarantee MongoDB itself gives a write without `j: true` (its
// journal is flushed every 100 ms), and this server only ever holds
// development and test data; production is MongoDB (MONGODB_URI).
func sqliteURL(dir, synchronous string) (string, error) {
	switch synchronous {
	case "normal", "full":
		return "file:" + dir + "/?_pragma=synchronous(" + synchronous + ")", nil
	default:
		return "", fmt.Errorf("-synchronous must be normal or full, not %q", synchronous)
	}
}

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
		config.SQLiteURL = "file:" + abs + "/"
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
	fmt.Printf("ferretdb listening on %s uri=%s\n", *listen, f.MongoDBURI())

	if err := <-done; err != nil && ctx.Err() == nil {
		log.Fatal(err)
	}
}

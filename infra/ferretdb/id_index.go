package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	// The SQLite driver FerretDB itself uses (registered as "sqlite").
	_ "modernc.org/sqlite"
)

// FerretDB v1's SQLite backend looks a document up by `_id` with the
// expression _ferretdb_sjson->'$._id' (a find, update or delete whose filter is
// a lone `_id`), but builds its unique `_id` index on _ferretdb_sjson->"_id".
// SQLite uses an index on an expression only for that same expression, so
// every such lookup reads the whole table: an update of one document of
// 100,000 took about 200 ms here, of 440,000 about 2 s. MongoDB serves them
// from its `_id` index. The keeper gives every collection's table an index on
// the expression the lookups use (`<table>__id_path`), so they search instead
// of scanning (about 2 ms). It adds an index and nothing else: uniqueness stays
// FerretDB's own index's job, FerretDB never lists this one, and a dropped
// collection takes it along with its table.

// The suffix of the keeper's index names.
const idIndexSuffix = "__id_path"

type idIndexKeeper struct {
	dir string
	// seen holds, per database file, its stamp when a pass last found every table indexed.
	seen map[string]string
}

// run looks for new collections every `every` until ctx ends.
func (k *idIndexKeeper) run(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			k.pass(ctx)
		}
	}
}

// pass indexes the tables of every database file that lack the index.
func (k *idIndexKeeper) pass(ctx context.Context) {
	files, err := filepath.Glob(filepath.Join(k.dir, "*.sqlite"))
	if err != nil {
		log.Printf("id index keeper: %v", err)
		return
	}
	if k.seen == nil {
		k.seen = map[string]string{}
	}
	present := map[string]bool{}
	for _, file := range files {
		present[file] = true
		// Any write — a new collection's table among them — changes the WAL file, or the
		// database file at a checkpoint: a file unchanged since it was last found indexed is skipped.
		stamp := stampOf(file)
		if stamp != "" && k.seen[file] == stamp {
			continue
		}
		if err := k.indexFile(ctx, file); err != nil {
			if ctx.Err() == nil {
				log.Printf("id index keeper: %s: %v", filepath.Base(file), err)
			}
			continue
		}
		k.seen[file] = stamp
	}
	for file := range k.seen {
		if !present[file] {
			delete(k.seen, file)
		}
	}
}

// stampOf is the size and modification time of a database file and its WAL ("" if unreadable).
func stampOf(file string) string {
	stamp := ""
	for _, f := range []string{file, file + "-wal"} {
		info, err := os.Stat(f)
		if err != nil {
			if f == file {
				return ""
			}
			continue
		}
		stamp += fmt.Sprintf("%d@%d;", info.Size(), info.ModTime().UnixNano())
	}
	return stamp
}

func (k *idIndexKeeper) indexFile(ctx context.Context, file string) error {
	// mode=rw: a database FerretDB has just dropped is not created again here.
	db, err := sql.Open("sqlite", "file:"+file+"?mode=rw&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	rows, err := db.QueryContext(ctx, `
		SELECT t.name FROM sqlite_master t
		WHERE t.type = 'table' AND t.name IN (SELECT table_name FROM "_ferretdb_collections")
		AND NOT EXISTS (SELECT 1 FROM sqlite_master i WHERE i.type = 'index' AND i.name = t.name || ?)`, idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil // a database file FerretDB is still creating
		}
		return err
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err := db.ExecContext(ctx, q); err != nil && !strings.Contains(err.Error(), "no such table") {
			return err
		}
	}
	return nil
}

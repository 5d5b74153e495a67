package loadtest

import (
	"database/sql"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the PostgreSQL store's driver
	_ "modernc.org/sqlite"             // the SQLite store's driver

	"github.com/lcwasm/lcwasm/bench/report"
)

// row is one stored message.
type row struct {
	conv, cid string
	seq       int64
}

// verify opens the store (read-only, for SQLite) and checks every acknowledged message
// (visitor and agent) is in it exactly once, with the conversation and
// seq it was acknowledged with; unacknowledged ones may or may not be.
// Anything stored that nobody sent is a phantom.
func verify(driver, source string, messages, replies, unacked []*message, res *report.Restart) error {
	db, err := sql.Open(driver, source)
	if err != nil {
		return fmt.Errorf("loadtest: %w", err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT conversation, seq, COALESCE(cid, ''), text FROM messages`)
	if err != nil {
		return fmt.Errorf("loadtest: reading the store: %w", err)
	}
	defer rows.Close()
	byText := map[string][]row{}
	for rows.Next() {
		var r row
		var text string
		if err := rows.Scan(&r.conv, &r.seq, &r.cid, &text); err != nil {
			return fmt.Errorf("loadtest: reading the store: %w", err)
		}
		byText[text] = append(byText[text], r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("loadtest: reading the store: %w", err)
	}
	sent := map[string]bool{}
	for _, m := range append(messages, replies...) {
		sent[m.text] = true
		got := byText[m.text]
		switch {
		case len(got) == 0:
			res.Lost++
			res.Errors = appendMax(res.Errors, fmt.Sprintf("lost: %s (seq %d)", m.cid, m.seq))
		case len(got) > 1:
			res.Duplicated++
			res.Errors = appendMax(res.Errors, fmt.Sprintf("stored %d times: %s", len(got), m.cid))
		case got[0] != row{conv: m.conv, cid: m.cid, seq: m.seq}:
			res.Lost++
			res.Errors = appendMax(res.Errors, fmt.Sprintf("%s acknowledged as %s #%d, stored as %+v", m.cid, m.conv, m.seq, got[0]))
		}
	}
	for _, m := range unacked {
		res.Unacked++
		sent[m.text] = true
	}
	for text := range byText {
		if !sent[text] {
			res.Phantoms++
			res.Errors = appendMax(res.Errors, "stored but never sent: "+text)
		}
	}
	return nil
}

func appendMax(errs []string, e string) []string {
	if len(errs) >= 20 {
		return errs
	}
	return append(errs, e)
}

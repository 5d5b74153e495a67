package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Limits of a history search.
const (
	// MaxHistoryPage is the most hits one page of SearchHistory holds
	// (and its default).
	MaxHistoryPage = 50
	// MaxHistoryTerms is how many words of HistoryQuery.Text count;
	// the rest are ignored.
	MaxHistoryTerms = 8
	// EarlierShown is how many of a returning visitor's latest
	// conversations EarlierConversations returns.
	EarlierShown = 3
	// snippetRunes is the length of a hit's snippet without a text.
	snippetRunes = 160
)

// HistoryQuery is a search of the history. Every set field narrows it.
type HistoryQuery struct {
	// Text: conversations whose visitor's name, email or messages hold
	// every word, whole (case and, on SQLite, accents ignored); a word
	// ending in * is a beginning ("ship*": shipped, shipping).
	Text string
	// Agent is the user name of the agent who had the chat.
	Agent string
	// Rule is the id of the rule whose invitation started it
	// ("startProactiveChat" for the page's own invitation).
	Rule string
	// From and To bound when it ended: From included, To excluded.
	From, To time.Time
	// Before is the Cursor of the previous page's last hit: the page
	// after it. 0: the newest.
	Before int64
	// Limit is the page's length, at most (and by default)
	// MaxHistoryPage.
	Limit int
}

// HistoryHit is one conversation of the history.
type HistoryHit struct {
	// Cursor orders the history (newest first) and pages it
	// (HistoryQuery.Before).
	Cursor       int64
	Conversation string
	AppID        string
	State        string // Ended or Abandoned
	VisitorID    string
	Name, Email  string // the visitor's, as the prechat survey (or sign-in) gave them
	Sub          string // the verified subject of an authenticated chat
	Rule         string
	Agent        string
	Created      time.Time
	Ended        time.Time
	Messages     int
	// Snippet is the text around the words searched, or the
	// transcript's beginning.
	Snippet string
}

const historyColumns = `h.hid, h.conversation, h.app_id, h.state, h.visitor_id, h.name, h.email, h.sub,
	h.rule, h.agent, h.created, h.ended, h.messages`

// SearchHistory returns a page of the conversations over that match q,
// newest first. A page shorter than the limit is the last.
func (s *Store) SearchHistory(ctx context.Context, q HistoryQuery) ([]HistoryHit, error) {
	if q.Limit <= 0 || q.Limit > MaxHistoryPage {
		q.Limit = MaxHistoryPage
	}
	var where []string
	var args []any
	add := func(cond string, v any) { where = append(where, cond); args = append(args, v) }
	terms := searchTerms(q.Text)
	if len(q.Text) > 0 && len(terms) == 0 {
		return nil, nil // only punctuation: no word can match
	}
	// key orders the hits: on SQLite with a text, FTS5's rowid (the
	// history's hid), which it reads in that order, so the page's
	// snippets are all it makes.
	from, key := `history h`, `h.hid`
	switch {
	case len(terms) > 0 && s.d.postgres:
		from = `history h, to_tsquery('simple', ?) tq`
		args = append(args, tsQuery(terms))
		where = append(where, `h.doc @@ tq`)
	case len(terms) > 0:
		from, key = `history_text JOIN history h ON h.hid = history_text.rowid`, `history_text.rowid`
		add(`history_text MATCH ?`, ftsQuery(terms))
	}
	if q.Agent != "" {
		add(`h.agent = ?`, q.Agent)
	}
	if q.Rule != "" {
		add(`h.rule = ?`, q.Rule)
	}
	if !q.From.IsZero() {
		add(`h.ended >= ?`, q.From.UnixMilli())
	}
	if !q.To.IsZero() {
		add(`h.ended < ?`, q.To.UnixMilli())
	}
	if q.Before > 0 {
		add(key+` < ?`, q.Before)
	}
	query := `SELECT ` + historyColumns + `, ` + s.snippet(len(terms) > 0) + ` FROM ` + from
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, ` AND `)
	}
	query += ` ORDER BY ` + key + ` DESC LIMIT ?`
	return s.historyHits(ctx, query, append(args, q.Limit)...)
}

// snippet is the select expression of a hit's snippet.
func (s *Store) snippet(text bool) string {
	switch {
	case text && s.d.postgres:
		return `ts_headline('simple', h.body, tq, 'StartSel="", StopSel="", MaxWords=24, MinWords=8, ShortWord=0')`
	case text:
		return `snippet(history_text, 2, '', '', '…', 24)`
	case s.d.postgres:
		return fmt.Sprintf(`substr(h.body, 1, %d)`, snippetRunes+1)
	}
	return fmt.Sprintf(`(SELECT substr(body, 1, %d) FROM history_text WHERE rowid = h.hid)`, snippetRunes+1)
}

func (s *Store) historyHits(ctx context.Context, query string, args ...any) ([]HistoryHit, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("store: history: %w", classify(err))
	}
	defer rows.Close()
	var out []HistoryHit
	for rows.Next() {
		var h HistoryHit
		var created, ended int64
		if err := rows.Scan(&h.Cursor, &h.Conversation, &h.AppID, &h.State, &h.VisitorID, &h.Name, &h.Email, &h.Sub,
			&h.Rule, &h.Agent, &created, &ended, &h.Messages, &h.Snippet); err != nil {
			return nil, fmt.Errorf("store: history: %w", err)
		}
		h.Created, h.Ended = time.UnixMilli(created), time.UnixMilli(ended)
		h.Snippet = shorten(strings.Join(strings.Fields(h.Snippet), " "))
		out = append(out, h)
	}
	return out, rows.Err()
}

// shorten cuts a snippet to snippetRunes characters, marking the cut.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= snippetRunes {
		return s
	}
	return string(r[:snippetRunes]) + "…"
}

// searchTerms splits a search's text into at most MaxHistoryTerms
// words, leaving out those without a letter or digit.
func searchTerms(text string) []string {
	var out []string
	for _, w := range strings.Fields(text) {
		if len(out) == MaxHistoryTerms {
			break
		}
		if strings.IndexFunc(w, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) >= 0 {
			out = append(out, w)
		}
	}
	return out
}

// prefixed splits a term's trailing * (a word's beginning) from it.
func prefixed(t string) (string, bool) {
	w := strings.TrimRight(t, "*")
	return w, w != t
}

// ftsQuery is FTS5's query for terms: each a quoted string (its words
// a phrase), a prefix when it ended in *, all of them required.
func ftsQuery(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		w, prefix := prefixed(t)
		q[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
		if prefix {
			q[i] += "*"
		}
	}
	return strings.Join(q, " ")
}

// tsQuery is PostgreSQL's to_tsquery text for terms: each quoted (its
// words a phrase), a prefix when it ended in *, all of them required.
func tsQuery(terms []string) string {
	q := make([]string, len(terms))
	for i, t := range terms {
		w, prefix := prefixed(t)
		q[i] = `'` + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(w) + `'`
		if prefix {
			q[i] += ":*"
		}
	}
	return strings.Join(q, " & ")
}

// VisitorMatch says whose earlier conversations to find: by the
// verified subject of an authenticated chat when there is one, else by
// the prechat email, else by the browser's visitor id; always within
// one widget.
type VisitorMatch struct {
	AppID, Sub, Email, VisitorID string
}

// By names the field the match uses: "sub", "email" or "visitor".
func (m VisitorMatch) By() string {
	switch {
	case m.Sub != "":
		return "sub"
	case m.Email != "":
		return "email"
	}
	return "visitor"
}

// MatchOf is the VisitorMatch of conversation c's visitor.
func MatchOf(c Conversation) VisitorMatch {
	f := fieldsOf(c.Context)
	return VisitorMatch{AppID: c.AppID, Sub: f.sub, Email: f.email, VisitorID: c.VisitorID}
}

// Earlier is a returning visitor's history: how many conversations
// they had, and the latest EarlierShown of them, newest first.
type Earlier struct {
	Count  int
	Latest []HistoryHit
}

// EarlierConversations finds the conversations over of m's visitor
// that started before before.
func (s *Store) EarlierConversations(ctx context.Context, m VisitorMatch, before time.Time) (Earlier, error) {
	var cond string
	var key string
	switch m.By() {
	case "sub":
		cond, key = `h.sub <> '' AND h.sub = ?`, m.Sub // <> '': the partial index's condition
	case "email":
		cond, key = `h.email <> '' AND h.email = ?`, m.Email
	default:
		if m.VisitorID == "" {
			return Earlier{}, nil
		}
		cond, key = `h.visitor_id = ?`, m.VisitorID
	}
	where := ` FROM history h WHERE h.app_id = ? AND ` + cond + ` AND h.created < ?`
	args := []any{m.AppID, key, before.UnixMilli()}
	var e Earlier
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*)`+where, args...).Scan(&e.Count); err != nil {
		return Earlier{}, fmt.Errorf("store: history: %w", classify(err))
	}
	if e.Count == 0 {
		return e, nil
	}
	var err error
	e.Latest, err = s.historyHits(ctx, `SELECT `+historyColumns+`, `+s.snippet(false)+where+
		` ORDER BY h.hid DESC LIMIT ?`, append(args, EarlierShown)...)
	return e, err
}

package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// The tables of what visitors leave outside a conversation's transcript,
// offline_messages and conversation_ratings, are migration 6
// (migrations/<engine>/00006_visitor.sql); their answers, migration 11.

// Answer is one answered question of a form a widget configured, its
// label as the visitor saw it.
type Answer struct {
	Name  string `json:"name"`
	Label string `json:"label"`
	Value string `json:"value"`
}

// encodeAnswers is a JSON array of a, ” for none.
func encodeAnswers(a []Answer) string {
	if len(a) == 0 {
		return ""
	}
	b, _ := json.Marshal(a)
	return string(b)
}

// decodeAnswers reads what encodeAnswers wrote.
func decodeAnswers(s string) ([]Answer, error) {
	if s == "" {
		return nil, nil
	}
	var a []Answer
	if err := json.Unmarshal([]byte(s), &a); err != nil {
		return nil, fmt.Errorf("store: answers: %w", err)
	}
	return a, nil
}

// Rating is a visitor's post-chat survey of a conversation: +1 (thumbs
// up), -1 (thumbs down) or 0 (the survey asks no rating), an optional
// comment, and the answers to the survey's own questions.
type Rating struct {
	Rating  int
	Comment string
	Answers []Answer
	At      time.Time
}

// Rate stores the rating of conversation id, replacing an earlier one
// (the visitor may change their mind); first reports that it had none.
// The caller has authorized the visitor with the conversation's token
// (Authorize).
func (s *Store) Rate(ctx context.Context, id string, r Rating) (first bool, err error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM conversation_ratings WHERE conversation = ?`, id)
	if err == nil {
		var n int64
		n, err = res.RowsAffected()
		first = n == 0
	}
	if err == nil {
		_, err = s.db.ExecContext(ctx, `INSERT INTO conversation_ratings (conversation, rating, comment, answers, at) VALUES (?, ?, ?, ?, ?)`,
			id, r.Rating, r.Comment, encodeAnswers(r.Answers), r.At.UnixMilli())
	}
	if err != nil {
		return false, fmt.Errorf("store: %w", classify(err))
	}
	return first, nil
}

// RatingOf returns conversation id's rating, ok false when it has none.
func (s *Store) RatingOf(ctx context.Context, id string) (r Rating, ok bool, err error) {
	var at int64
	var answers string
	err = s.db.QueryRowContext(ctx, `SELECT rating, comment, answers, at FROM conversation_ratings WHERE conversation = ?`, id).
		Scan(&r.Rating, &r.Comment, &answers, &at)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Rating{}, false, nil
		}
		return Rating{}, false, fmt.Errorf("store: %w", err)
	}
	r.At = time.UnixMilli(at)
	if r.Answers, err = decodeAnswers(answers); err != nil {
		return Rating{}, false, err
	}
	return r, true, nil
}

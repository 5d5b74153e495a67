package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in agent's session.
type Session struct {
	User     string
	CSRF     string // token required on state-changing requests
	Expires  time.Time
	LastSeen time.Time // the sign-in or the last Touch
}

// CreateSession stores a new session for user, signed in at now, and
// returns its token (256 random bits; only its SHA-256 is stored).
func (s *Store) CreateSession(ctx context.Context, user string, now, expires time.Time) (token string, sess Session, err error) {
	token = NewToken()
	sess = Session{User: user, CSRF: NewToken(), Expires: time.UnixMilli(expires.UnixMilli()),
		LastSeen: time.UnixMilli(now.UnixMilli())}
	_, err = s.exec(ctx, nil, `INSERT INTO sessions (token_hash, "user", csrf, expires, last_seen) VALUES (?, ?, ?, ?, ?)`,
		hash(token), user, sess.CSRF, expires.UnixMilli(), now.UnixMilli())
	if err != nil {
		return "", Session{}, fmt.Errorf("store: session: %w", err)
	}
	return token, sess, nil
}

// Session returns the session of token; ErrNotFound when there is none or
// it expired before now. Expired sessions are deleted.
func (s *Store) Session(ctx context.Context, token string, now time.Time) (Session, error) {
	var sess Session
	var expires, lastSeen int64
	err := s.queryRow(ctx, nil, `SELECT "user", csrf, expires, last_seen FROM sessions WHERE token_hash = ?`,
		hash(token)).Scan(&sess.User, &sess.CSRF, &expires, &lastSeen)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: %w", err)
	}
	sess.Expires, sess.LastSeen = time.UnixMilli(expires), time.UnixMilli(lastSeen)
	if !now.Before(sess.Expires) {
		s.exec(ctx, nil, `DELETE FROM sessions WHERE expires <= ?`, now.UnixMilli())
		return Session{}, ErrNotFound
	}
	return sess, nil
}

// TouchSession records activity on the session of token at now.
func (s *Store) TouchSession(ctx context.Context, token string, now time.Time) error {
	if _, err := s.exec(ctx, nil, `UPDATE sessions SET last_seen = ? WHERE token_hash = ?`,
		now.UnixMilli(), hash(token)); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// DeleteSession removes the session of token (signing out).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.exec(ctx, nil, `DELETE FROM sessions WHERE token_hash = ?`, hash(token)); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

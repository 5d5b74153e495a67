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
	User    string
	CSRF    string // token required on state-changing requests
	Expires time.Time
}

// CreateSession stores a new session for user and returns its token.
func (s *Store) CreateSession(ctx context.Context, user string, expires time.Time) (token string, sess Session, err error) {
	token = NewToken()
	sess = Session{User: user, CSRF: NewToken(), Expires: time.UnixMilli(expires.UnixMilli())}
	_, err = s.db.ExecContext(ctx, `INSERT INTO sessions (token_hash, user, csrf, expires) VALUES (?, ?, ?, ?)`,
		hash(token), user, sess.CSRF, expires.UnixMilli())
	if err != nil {
		return "", Session{}, fmt.Errorf("store: session: %w", err)
	}
	return token, sess, nil
}

// Session returns the session of token; ErrNotFound when there is none or
// it expired before now. Expired sessions are deleted.
func (s *Store) Session(ctx context.Context, token string, now time.Time) (Session, error) {
	var sess Session
	var expires int64
	err := s.db.QueryRowContext(ctx, `SELECT user, csrf, expires FROM sessions WHERE token_hash = ?`,
		hash(token)).Scan(&sess.User, &sess.CSRF, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, ErrNotFound
	}
	if err != nil {
		return Session{}, fmt.Errorf("store: %w", err)
	}
	sess.Expires = time.UnixMilli(expires)
	if !now.Before(sess.Expires) {
		s.db.ExecContext(ctx, `DELETE FROM sessions WHERE expires <= ?`, now.UnixMilli())
		return Session{}, ErrNotFound
	}
	return sess, nil
}

// DeleteSession removes the session of token (signing out).
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, hash(token)); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

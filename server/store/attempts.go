package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"
)

// AttemptLimits bound the sign-in attempts [Store.BeginAttempt] counts:
// at most Addr attempts from one address and User for one user name
// within Window.
type AttemptLimits struct {
	Addr, User int
	Window     time.Duration
}

// BeginAttempt counts a sign-in attempt by user from addr at now and
// returns its id, or, when addr or user has no attempt left in the
// window, retry > 0: how long until the oldest attempt counted against
// the limit leaves it (nothing is counted then). Attempts older than the
// window are deleted. Instances sharing a PostgreSQL store count
// together: the transaction takes an advisory lock per key, so two
// attempts at once cannot both take the last one.
func (s *Store) BeginAttempt(ctx context.Context, addr, user string, l AttemptLimits, now time.Time) (id int64, retry time.Duration, err error) {
	cut := now.Add(-l.Window).UnixMilli()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.postgres {
			keys := []string{"addr:" + addr, "user:" + user}
			sort.Strings(keys) // one order for every instance: no deadlock
			for _, k := range keys {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(?))`, k); err != nil {
					return err
				}
			}
		}
		for _, c := range []struct {
			column, key string
			max         int
		}{{"addr", addr, l.Addr}, {`"user"`, user, l.User}} {
			var at int64
			err := tx.QueryRowContext(ctx, `SELECT at FROM signin_attempts WHERE `+c.column+` = ? AND at > ?
				ORDER BY at DESC LIMIT 1 OFFSET ?`, c.key, cut, c.max-1).Scan(&at)
			if err == nil {
				retry = max(retry, time.Duration(at-cut)*time.Millisecond)
			} else if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if retry > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_attempts WHERE at <= ?`, cut); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO signin_attempts (addr, "user", at) VALUES (?, ?, ?) RETURNING id`,
			addr, user, now.UnixMilli()).Scan(&id)
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: sign-in attempt: %w", err)
	}
	return id, retry, nil
}

// GiveBackAttempt uncounts the attempt id (its password was right, or
// none was checked).
func (s *Store) GiveBackAttempt(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, nil, `DELETE FROM signin_attempts WHERE id = ?`, id); err != nil {
		return fmt.Errorf("store: sign-in attempt: %w", err)
	}
	return nil
}

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
// at most Addr attempts from one address, User for one user name (made
// without a device cookie) and Device for one device cookie within
// Window.
type AttemptLimits struct {
	Addr, User, Device int
	Window             time.Duration
}

// BeginAttempt counts a sign-in attempt by user from addr at now and
// returns its id, or, when addr or user has no attempt left in the
// window, retry > 0: how long until the oldest attempt counted against
// the limit leaves it (nothing is counted then). Attempts older than the
// window are deleted. Instances sharing a PostgreSQL store count
// together: the transaction takes an advisory lock per key, so two
// attempts at once cannot both take the last one.
func (s *Store) BeginAttempt(ctx context.Context, addr, user string, l AttemptLimits, now time.Time) (id int64, retry time.Duration, err error) {
	return s.BeginDeviceAttempt(ctx, addr, user, "", l, now)
}

// BeginDeviceAttempt is [Store.BeginAttempt] for an attempt made with
// the device cookie device (its id): it is counted against addr and
// device (at most l.Device), not against user's limit. An empty device
// is an attempt without one.
func (s *Store) BeginDeviceAttempt(ctx context.Context, addr, user, device string, l AttemptLimits, now time.Time) (id int64, retry time.Duration, err error) {
	cut := now.Add(-l.Window).UnixMilli()
	type limit struct {
		where, key string
		max        int
	}
	limits := []limit{{"addr = ?", addr, l.Addr}, {`"user" = ? AND device = ''`, user, l.User}}
	lockKey := "user:" + user
	if device != "" {
		limits[1] = limit{"device = ?", device, l.Device}
		lockKey = "device:" + device
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if s.d.postgres {
			keys := []string{"addr:" + addr, lockKey}
			sort.Strings(keys) // one order for every instance: no deadlock
			for _, k := range keys {
				if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(?))`, k); err != nil {
					return err
				}
			}
		}
		for _, c := range limits {
			var at int64
			err := tx.QueryRowContext(ctx, `SELECT at FROM signin_attempts WHERE `+c.where+` AND at > ?
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
		return tx.QueryRowContext(ctx, `INSERT INTO signin_attempts (addr, "user", device, at) VALUES (?, ?, ?, ?) RETURNING id`,
			addr, user, device, now.UnixMilli()).Scan(&id)
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

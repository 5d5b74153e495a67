package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The site owner's console's tables (migrations/*/00001_schema.sql): a
// row per widget, every published configuration as a numbered version
// (never rewritten: a rollback publishes an old configuration again as a
// new version), and the audit log of who changed what.

// SeedAuthor is the author of the versions that come from the built-in
// widgets and the -widgets file rather than from a person.
const SeedAuthor = "(seed)"

// ErrExists is returned when creating a widget whose app id is taken.
var ErrExists = errors.New("store: a widget with this app id exists")

// Widget is a widget's row with its published version.
type Widget struct {
	AppID    string
	Disabled bool
	Version  int    // the published version
	Config   string // its configuration, a JSON object
	Author   string // who published it
	At       time.Time
	Note     string
	Created  time.Time
	Updated  time.Time // last publish, rollback or disable
}

// WidgetVersion is one published configuration of a widget.
type WidgetVersion struct {
	Version int
	Config  string
	Author  string
	At      time.Time
	Note    string // "rollback to v3", "seed", the publisher's note
}

// AuditEntry is one change made in the site owner's console.
type AuditEntry struct {
	ID     int64
	At     time.Time
	User   string
	Action string // "create", "publish", "rollback", "disable", "enable"
	AppID  string
	Detail string
}

const widgetColumns = `w.app_id, w.disabled, w.published, v.config, v.author, v.at, v.note, w.created, w.updated
	FROM widgets w JOIN widget_versions v ON v.app_id = w.app_id AND v.version = w.published`

func scanWidget(row interface{ Scan(...any) error }) (Widget, error) {
	var w Widget
	var at, created, updated int64
	if err := row.Scan(&w.AppID, &w.Disabled, &w.Version, &w.Config, &w.Author, &at, &w.Note, &created, &updated); err != nil {
		return Widget{}, err
	}
	w.At, w.Created, w.Updated = time.UnixMilli(at), time.UnixMilli(created), time.UnixMilli(updated)
	return w, nil
}

// Widgets lists every widget with its published version, by app id.
func (s *Store) Widgets(ctx context.Context) ([]Widget, error) {
	rows, err := s.query(ctx, `SELECT `+widgetColumns+` ORDER BY w.app_id`)
	if err != nil {
		return nil, fmt.Errorf("store: widgets: %w", err)
	}
	defer rows.Close()
	var out []Widget
	for rows.Next() {
		w, err := scanWidget(rows)
		if err != nil {
			return nil, fmt.Errorf("store: widgets: %w", err)
		}
		out = append(out, w)
	}
	return out, rows.Err()
}

// Widget returns the widget appID with its published version.
func (s *Store) Widget(ctx context.Context, appID string) (Widget, error) {
	w, err := scanWidget(s.queryRow(ctx, nil, `SELECT `+widgetColumns+` WHERE w.app_id = ?`, appID))
	if errors.Is(err, sql.ErrNoRows) {
		return Widget{}, ErrNotFound
	}
	if err != nil {
		return Widget{}, fmt.Errorf("store: widget: %w", err)
	}
	return w, nil
}

// CreateWidget stores a new widget whose version 1 is config.
func (s *Store) CreateWidget(ctx context.Context, appID, config, author, note string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO widgets (app_id, published, created, updated) VALUES (?, 1, ?, ?)
			ON CONFLICT (app_id) DO NOTHING`, appID, now.UnixMilli(), now.UnixMilli())
		if err != nil {
			return fmt.Errorf("store: widget: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrExists
		}
		return insertVersion(ctx, tx, appID, 1, config, author, note, now)
	})
}

func insertVersion(ctx context.Context, tx *sql.Tx, appID string, v int, config, author, note string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO widget_versions (app_id, version, config, author, at, note) VALUES (?, ?, ?, ?, ?, ?)`,
		appID, v, config, author, now.UnixMilli(), note)
	if err != nil {
		return fmt.Errorf("store: widget version: %w", err)
	}
	return nil
}

// PublishWidget makes config the published configuration of appID as a
// new version, and returns its number.
func (s *Store) PublishWidget(ctx context.Context, appID, config, author, note string, now time.Time) (int, error) {
	var v int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM widget_versions WHERE app_id = ?`, appID).Scan(&v)
		if err != nil {
			return fmt.Errorf("store: widget: %w", err)
		}
		res, err := tx.ExecContext(ctx, `UPDATE widgets SET published = ?, updated = ? WHERE app_id = ?`, v, now.UnixMilli(), appID)
		if err != nil {
			return fmt.Errorf("store: widget: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return insertVersion(ctx, tx, appID, v, config, author, note, now)
	})
	return v, err
}

// RollbackWidget publishes version v of appID again, as a new version
// noted "rollback to v<v>", and returns the new version's number.
func (s *Store) RollbackWidget(ctx context.Context, appID string, v int, author string, now time.Time) (int, error) {
	old, err := s.WidgetVersion(ctx, appID, v)
	if err != nil {
		return 0, err
	}
	return s.PublishWidget(ctx, appID, old.Config, author, fmt.Sprintf("rollback to v%d", v), now)
}

// WidgetVersion returns version v of appID.
func (s *Store) WidgetVersion(ctx context.Context, appID string, v int) (WidgetVersion, error) {
	var out WidgetVersion
	var at int64
	err := s.queryRow(ctx, nil, `SELECT version, config, author, at, note FROM widget_versions WHERE app_id = ? AND version = ?`,
		appID, v).Scan(&out.Version, &out.Config, &out.Author, &at, &out.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return WidgetVersion{}, ErrNotFound
	}
	if err != nil {
		return WidgetVersion{}, fmt.Errorf("store: widget version: %w", err)
	}
	out.At = time.UnixMilli(at)
	return out, nil
}

// WidgetVersions lists the versions of appID, newest first.
func (s *Store) WidgetVersions(ctx context.Context, appID string) ([]WidgetVersion, error) {
	rows, err := s.query(ctx, `SELECT version, config, author, at, note FROM widget_versions WHERE app_id = ? ORDER BY version DESC`, appID)
	if err != nil {
		return nil, fmt.Errorf("store: widget versions: %w", err)
	}
	defer rows.Close()
	var out []WidgetVersion
	for rows.Next() {
		var v WidgetVersion
		var at int64
		if err := rows.Scan(&v.Version, &v.Config, &v.Author, &at, &v.Note); err != nil {
			return nil, fmt.Errorf("store: widget versions: %w", err)
		}
		v.At = time.UnixMilli(at)
		out = append(out, v)
	}
	return out, rows.Err()
}

// SetWidgetDisabled disables (or enables again) the widget appID: a
// disabled widget serves no configuration and accepts no chat.
func (s *Store) SetWidgetDisabled(ctx context.Context, appID string, disabled bool, now time.Time) error {
	res, err := s.exec(ctx, nil, `UPDATE widgets SET disabled = ?, updated = ? WHERE app_id = ?`, disabled, now.UnixMilli(), appID)
	if err != nil {
		return fmt.Errorf("store: widget: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SeedWidget brings in a widget of the built-in set or the -widgets file
// at start: it is created when absent, and updated (a new version by
// SeedAuthor) when its published version also came from a seed and
// differs; a widget someone published in the console is left alone. It
// reports whether it wrote anything.
func (s *Store) SeedWidget(ctx context.Context, appID, config string, now time.Time) (bool, error) {
	w, err := s.Widget(ctx, appID)
	switch {
	case errors.Is(err, ErrNotFound):
		err := s.CreateWidget(ctx, appID, config, SeedAuthor, "seed", now)
		if errors.Is(err, ErrExists) {
			return false, nil
		}
		return err == nil, err
	case err != nil:
		return false, err
	case w.Author != SeedAuthor || w.Config == config:
		return false, nil
	}
	_, err = s.PublishWidget(ctx, appID, config, SeedAuthor, "seed", now)
	return err == nil, err
}

// AddAudit records a change made in the console.
func (s *Store) AddAudit(ctx context.Context, e AuditEntry) error {
	_, err := s.exec(ctx, nil, `INSERT INTO audit (at, "user", action, app_id, detail) VALUES (?, ?, ?, ?, ?)`,
		e.At.UnixMilli(), e.User, e.Action, e.AppID, e.Detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

// Audit returns the latest limit entries of the audit log, newest first.
func (s *Store) Audit(ctx context.Context, limit int) ([]AuditEntry, error) {
	rows, err := s.query(ctx, `SELECT id, at, "user", action, app_id, detail FROM audit ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: audit: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		var at int64
		if err := rows.Scan(&e.ID, &at, &e.User, &e.Action, &e.AppID, &e.Detail); err != nil {
			return nil, fmt.Errorf("store: audit: %w", err)
		}
		e.At = time.UnixMilli(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

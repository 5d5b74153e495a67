package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The attachments table, a conversation's files with their bytes, is
// migration 8 (migrations/<engine>/00008_attachments.sql); the purge
// deletes a conversation's attachments with it.

// Attachment limits (docs/server.md): past them AddAttachment answers
// ErrConversationFull or ErrStoreFull and stores nothing.
const (
	MaxAttachmentsPerConversation = 20
	MaxAttachmentBytesPerConv     = 50 << 20 // 50 MiB of one conversation's attachments
	MaxAttachmentBytesInStore     = 2 << 30  // 2 GiB of attachments in the whole store
)

// The errors of AddAttachment.
var (
	ErrConversationFull = errors.New("store: the conversation has as many attachments as it may hold")
	ErrStoreFull        = errors.New("store: the store holds as many attachment bytes as it may")
)

// Attachment is one attached file; Data is nil in lists.
type Attachment struct {
	ID           string
	Conversation string
	Sender       string // "visitor" or "agent"
	Name         string
	Type         string // the type the server found in the bytes
	Size         int64
	Data         []byte
	Created      time.Time
}

// AddAttachment stores a (its ID and Created are set here) within the
// caps of its conversation and of the store, and returns it without its
// bytes.
func (s *Store) AddAttachment(ctx context.Context, a Attachment, now time.Time) (Attachment, error) {
	a.ID, a.Created, a.Size = newID(), time.UnixMilli(now.UnixMilli()), int64(len(a.Data))
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var n int
		var convBytes, allBytes sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), SUM(size) FROM attachments WHERE conversation = ?`, a.Conversation).
			Scan(&n, &convBytes); err != nil {
			return err
		}
		if n >= MaxAttachmentsPerConversation || convBytes.Int64+a.Size > MaxAttachmentBytesPerConv {
			return ErrConversationFull
		}
		if err := tx.QueryRowContext(ctx, `SELECT SUM(size) FROM attachments`).Scan(&allBytes); err != nil {
			return err
		}
		if allBytes.Int64+a.Size > MaxAttachmentBytesInStore {
			return ErrStoreFull
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO attachments (id, conversation, sender, name, type, size, data, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, a.ID, a.Conversation, a.Sender, a.Name, a.Type, a.Size, a.Data, now.UnixMilli())
		return err
	})
	switch {
	case errors.Is(err, ErrConversationFull), errors.Is(err, ErrStoreFull):
		return Attachment{}, err
	case err != nil:
		return Attachment{}, fmt.Errorf("store: %w", classify(err))
	}
	a.Data = nil
	return a, nil
}

// AttachmentOf returns attachment id of conversation conv, bytes
// included; ErrNotFound when the conversation has no such attachment.
func (s *Store) AttachmentOf(ctx context.Context, conv, id string) (Attachment, error) {
	a := Attachment{ID: id, Conversation: conv}
	var created int64
	err := s.db.QueryRowContext(ctx, `SELECT sender, name, type, size, data, created FROM attachments
		WHERE id = ? AND conversation = ?`, id, conv).Scan(&a.Sender, &a.Name, &a.Type, &a.Size, &a.Data, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, ErrNotFound
	}
	if err != nil {
		return Attachment{}, fmt.Errorf("store: %w", err)
	}
	a.Created = time.UnixMilli(created)
	return a, nil
}

// DeleteAttachment removes attachment id of conversation conv (one that
// could not become a message); deleting one that is not there is not an
// error.
func (s *Store) DeleteAttachment(ctx context.Context, conv, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM attachments WHERE id = ? AND conversation = ?`, id, conv); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

// backup copies the store of a running server: the copy opens as a
// store and holds the conversation and its message.
func TestBackupWhileServing(t *testing.T) {
	data := t.TempDir()
	base, stop := startWithData(t, data)
	defer stop()
	got := wsCall(t, base,
		map[string]any{"type": "start", "cid": "s1", "visitor": map[string]any{"id": "v1"}},
		map[string]any{"type": "send", "cid": "m1", "text": "keep me"})
	conv := got[0]["conversation"].(string)

	dst := filepath.Join(t.TempDir(), "copy.db")
	var out bytes.Buffer
	require.NoError(t, backup(context.Background(), []string{"-data", data, dst}, &out, io.Discard))
	assert.Contains(t, out.String(), "backed up")
	st, err := store.Open(dst)
	require.NoError(t, err)
	defer st.Close()
	msgs, err := st.Messages(context.Background(), conv, 0)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, "keep me", msgs[0].Text)

	assert.ErrorContains(t, backup(context.Background(), []string{"-data", data, dst}, io.Discard, io.Discard), "exists")
	assert.ErrorContains(t, backup(context.Background(), []string{"-data", data}, io.Discard, io.Discard), "want one FILE")
	assert.Error(t, backup(context.Background(), []string{"-data", t.TempDir(), filepath.Join(t.TempDir(), "x.db")}, io.Discard, io.Discard),
		"no store there")
}

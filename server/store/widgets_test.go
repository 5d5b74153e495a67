package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/server/store"
)

func TestWidgetVersionsAndRollback(t *testing.T) {
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)

		require.NoError(t, st.CreateWidget(ctx, "shop", `{"appId":"shop"}`, "ann", "created", t0))
		assert.ErrorIs(t, st.CreateWidget(ctx, "shop", `{}`, "bob", "", t0), store.ErrExists)

		v, err := st.PublishWidget(ctx, "shop", `{"appId":"shop","proactiveChat":{"enabled":true}}`, "bob", "on", t0.Add(time.Minute))
		require.NoError(t, err)
		assert.Equal(t, 2, v)
		w, err := st.Widget(ctx, "shop")
		require.NoError(t, err)
		assert.Equal(t, 2, w.Version)
		assert.Equal(t, "bob", w.Author)
		assert.Equal(t, t0.Add(time.Minute), w.At.UTC())
		assert.Contains(t, w.Config, `"enabled":true`)

		v, err = st.RollbackWidget(ctx, "shop", 1, "ann", t0.Add(2*time.Minute))
		require.NoError(t, err)
		assert.Equal(t, 3, v, "a rollback is a new version; history is never rewritten")
		w, _ = st.Widget(ctx, "shop")
		assert.Equal(t, `{"appId":"shop"}`, w.Config)

		hist, err := st.WidgetVersions(ctx, "shop")
		require.NoError(t, err)
		require.Len(t, hist, 3)
		assert.Equal(t, []int{3, 2, 1}, []int{hist[0].Version, hist[1].Version, hist[2].Version})
		assert.Equal(t, "rollback to v1", hist[0].Note)
		assert.Equal(t, "ann", hist[0].Author)
		assert.Equal(t, "bob", hist[1].Author)

		_, err = st.RollbackWidget(ctx, "shop", 9, "ann", t0)
		assert.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.PublishWidget(ctx, "nope", `{}`, "ann", "", t0)
		assert.ErrorIs(t, err, store.ErrNotFound)

		require.NoError(t, st.SetWidgetDisabled(ctx, "shop", true, t0))
		w, _ = st.Widget(ctx, "shop")
		assert.True(t, w.Disabled)
		assert.ErrorIs(t, st.SetWidgetDisabled(ctx, "nope", true, t0), store.ErrNotFound)
	})
}

// TestSeedNeverReplacesTheConsole: the built-in widgets and the -widgets
// file create widgets and keep the ones only they wrote up to date, but a
// configuration published in the console survives every restart.
func TestSeedNeverReplacesTheConsole(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "lcwasm.db")
	t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(path)
	require.NoError(t, err)
	wrote, err := st.SeedWidget(ctx, "a", `{"v":1}`, t0)
	require.NoError(t, err)
	assert.True(t, wrote)
	wrote, _ = st.SeedWidget(ctx, "b", `{"v":1}`, t0)
	assert.True(t, wrote)
	wrote, _ = st.SeedWidget(ctx, "a", `{"v":1}`, t0)
	assert.False(t, wrote, "the same seed twice writes nothing")
	_, err = st.PublishWidget(ctx, "b", `{"v":"console"}`, "ann", "", t0)
	require.NoError(t, err)
	require.NoError(t, st.Close())

	st, err = store.Open(path) // a restart with a changed file
	require.NoError(t, err)
	defer st.Close()
	wrote, _ = st.SeedWidget(ctx, "a", `{"v":2}`, t0)
	assert.True(t, wrote, "a widget only the seed wrote follows the file")
	wrote, _ = st.SeedWidget(ctx, "b", `{"v":2}`, t0)
	assert.False(t, wrote, "the console's version stays")
	a, _ := st.Widget(ctx, "a")
	b, _ := st.Widget(ctx, "b")
	assert.Equal(t, `{"v":2}`, a.Config)
	assert.Equal(t, 2, a.Version)
	assert.Equal(t, `{"v":"console"}`, b.Config)
	list, err := st.Widgets(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 2)
}

func TestAuditLog(t *testing.T) {
	eachEngine(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
		for i, a := range []string{"create", "publish", "rollback"} {
			require.NoError(t, st.AddAudit(ctx, store.AuditEntry{At: t0.Add(time.Duration(i) * time.Second), User: "ann", Action: a, AppID: "shop", Detail: "v" + a}))
		}
		got, err := st.Audit(ctx, 2)
		require.NoError(t, err)
		require.Len(t, got, 2)
		assert.Equal(t, "rollback", got[0].Action, "newest first")
		assert.Equal(t, "publish", got[1].Action)
		assert.Equal(t, "ann", got[0].User)
		assert.Equal(t, t0.Add(2*time.Second), got[0].At.UTC())
	})
}

package loadtest_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/lcwasm/lcwasm/bench/loadtest"
	"github.com/lcwasm/lcwasm/internal/build"
	"github.com/lcwasm/lcwasm/internal/pgtest"
)

// TestKillAndRestartLosesNothing is `make loadtest` in small: 50 visitor
// sockets and an agent against the real lcwserver process, SIGKILLed
// mid-flow (after a 400 ms SIGSTOP, so messages are in flight) and
// restarted on the same port and store.
func TestKillAndRestartLosesNothing(t *testing.T) {
	root, err := build.ModuleRoot(".")
	require.NoError(t, err)
	bin, err := loadtest.BuildServer(context.Background(), root, t.TempDir())
	require.NoError(t, err)
	cfg := loadtest.Config{Sockets: 50, Messages: 10, Interval: 300 * time.Millisecond,
		KillAfter: 1200 * time.Millisecond, Freeze: 400 * time.Millisecond, Accept: 5, DupEvery: 5, Dial: 50,
		Timeout: 45 * time.Second, Server: bin}
	res, err := loadtest.Run(context.Background(), cfg)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, res.Print(&out))
	t.Log(out.String())

	assert.Equal(t, 50, res.Connected)
	assert.Equal(t, 500, res.Sent)
	assert.Equal(t, 500, res.Acked, "every message acknowledged, by ack or in the resumed transcript")
	assert.Positive(t, res.Resent, "messages sent to the frozen server are sent again")
	assert.Zero(t, res.Lost)
	assert.Zero(t, res.Duplicated)
	assert.Zero(t, res.Phantoms)
	assert.Zero(t, res.Unacked)
	assert.Equal(t, 50, res.Reconnected, "every socket resumed after the restart")
	assert.Positive(t, res.DupSent)
	assert.Equal(t, res.DupSent, res.DupRejected)
	assert.Equal(t, 5, res.AgentAccepted)
	assert.Positive(t, res.AgentReplies)
	assert.Equal(t, res.AgentReplies, res.AgentRepliesSeen)
	assert.Equal(t, 1, res.AgentReconnects)
	assert.Positive(t, res.AckBefore.N)
	assert.Positive(t, res.AckAfter.N)
	assert.Empty(t, res.Errors)
	assert.True(t, res.OK())
}

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestTwoInstancesOnPostgresLoseNothing is `make loadtest` with
// -instances 2 in small: two lcwserver processes on one PostgreSQL
// database, visitors spread over both, an agent console on each; the
// first is SIGKILLed mid-flow and restarted.
func TestTwoInstancesOnPostgresLoseNothing(t *testing.T) {
	root, err := build.ModuleRoot(".")
	require.NoError(t, err)
	bin, err := loadtest.BuildServer(context.Background(), root, t.TempDir())
	require.NoError(t, err)
	cfg := loadtest.Config{Sockets: 60, Messages: 10, Interval: 300 * time.Millisecond,
		KillAfter: 1200 * time.Millisecond, Freeze: 400 * time.Millisecond, Accept: 6, DupEvery: 5, Dial: 60,
		Timeout: 60 * time.Second, Server: bin, Instances: 2, Postgres: pgtest.DB(t)}
	res, err := loadtest.Run(context.Background(), cfg)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, res.Print(&out))
	t.Log(out.String())

	assert.Equal(t, 60, res.Connected)
	assert.Equal(t, 600, res.Acked)
	assert.Zero(t, res.Lost)
	assert.Zero(t, res.Duplicated)
	assert.Zero(t, res.Phantoms)
	assert.Equal(t, 30, res.KilledSockets)
	assert.Equal(t, 30, res.Reconnected, "the killed instance's sockets resumed")
	assert.Equal(t, 2, res.Agents)
	assert.Equal(t, 6, res.AgentAccepted)
	assert.Positive(t, res.AgentReplies)
	assert.Equal(t, res.AgentReplies, res.AgentRepliesSeen, "replies reach visitors on the other instance too")
	assert.Equal(t, 1, res.AgentReconnects, "the killed instance's agent")
	assert.Empty(t, res.Errors)
	assert.True(t, res.OK())
}

func TestConfigIsChecked(t *testing.T) {
	for name, cfg := range map[string]loadtest.Config{
		"no sockets":         {Messages: 4, Interval: time.Second, KillAfter: time.Second, Dial: 1, Timeout: time.Minute, Server: "x"},
		"kill after the end": {Sockets: 1, Messages: 4, Interval: time.Second, KillAfter: 5 * time.Second, Dial: 1, Timeout: time.Minute, Server: "x"},
		"no server":          {Sockets: 1, Messages: 4, Interval: time.Second, KillAfter: time.Second, Dial: 1, Timeout: time.Minute},
		"no postgres":        {Sockets: 1, Messages: 4, Interval: time.Second, KillAfter: time.Second, Dial: 1, Timeout: time.Minute, Server: "x", Instances: 2},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := loadtest.Run(context.Background(), cfg)
			assert.ErrorContains(t, err, "loadtest: ")
		})
	}
}

// TestBeaconsLoseNothing is `lcwload -beacons` in small: 200 beacons a
// second for 2 s beside 10 chatting sockets; after the graceful stop the
// store holds every counter increment of every beacon answered 204.
func TestBeaconsLoseNothing(t *testing.T) {
	root, err := build.ModuleRoot(".")
	require.NoError(t, err)
	bin, err := loadtest.BuildServer(context.Background(), root, t.TempDir())
	require.NoError(t, err)
	cfg := loadtest.BeaconConfig{Beacons: 200, Duration: 2 * time.Second, Sockets: 10, Interval: 200 * time.Millisecond,
		Rules: 5, Server: bin}
	res, err := loadtest.RunBeacons(context.Background(), cfg)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, res.Print(&out))
	t.Log(out.String())
	assert.Greater(t, res.Beacons, 200, "most of 400 beacons sent on a loaded machine")
	assert.Zero(t, res.Refused)
	assert.Equal(t, int64(res.Beacons)*4, res.Counted)
	assert.Equal(t, res.Counted, res.Stored, "every increment stored")
	assert.Positive(t, res.Messages)
	assert.Empty(t, res.Errors)
	assert.True(t, res.OK())
}

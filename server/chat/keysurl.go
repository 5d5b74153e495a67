package chat

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/MicahParks/jwkset"
	"github.com/golang-jwt/jwt/v5"
)

// When the keys of a keys URL are fetched again.
const (
	// KeysRefresh is the age past which a widget's keys are fetched
	// again, in the background, at the next token (the old ones verify
	// meanwhile, and stay if the fetch fails).
	KeysRefresh = time.Hour
	// KeysRetry is the least time between two fetches of one URL, for
	// whatever reason: a token naming an unknown kid (a rotation) is
	// checked against a fresh fetch at most this often, so a forged kid
	// cannot make the server hammer the URL; after a failed fetch, the
	// next waits as long.
	KeysRetry = time.Minute
)

var (
	errKeysUnavailable = errors.New("chat: keys URL: no keys")
	errUnknownKeyID    = errors.New("chat: keys URL: unknown kid")
)

// KeySets fetches and keeps the keys of the widgets' keys URLs
// (AuthKey.KeysURL), by URL and algorithm: fetched at the first token,
// fetched again past KeysRefresh in the background and on a token naming
// an unknown kid, never twice within KeysRetry. The last good keys stay
// when a fetch fails. Close waits for the background fetches.
type KeySets struct {
	client *http.Client
	logger *slog.Logger
	// fetched is told of each fetch: "ok" or "error".
	fetched func(result string)

	mu   sync.Mutex
	sets map[setKey]*keySet
	wg   sync.WaitGroup
	ctx  context.Context
	stop context.CancelFunc
}

type setKey struct{ url, alg string }

// keySet is one URL's keys and the times of its fetches.
type keySet struct {
	url, alg string
	fetch    sync.Mutex // held during a fetch; guards nothing else

	mu          sync.Mutex
	keys        *fetchedKeys // the last good ones; nil before
	fetchedAt   time.Time    // of keys
	attemptedAt time.Time    // of the last fetch, good or not
	lastErr     error
	inFlight    bool // a background fetch
}

// NewKeySets returns the key sets of fetches under f; logger (nil: none)
// hears of failed fetches and fetched (nil: none) of every fetch, "ok"
// or "error".
func NewKeySets(f KeysFetch, logger *slog.Logger, fetched func(result string)) *KeySets {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if fetched == nil {
		fetched = func(string) {}
	}
	ctx, stop := context.WithCancel(context.Background())
	return &KeySets{client: f.client(), logger: logger, fetched: fetched, sets: map[setKey]*keySet{}, ctx: ctx, stop: stop}
}

// Close cancels the background fetches and waits for them.
func (s *KeySets) Close() {
	s.stop()
	s.wg.Wait()
}

// Check fetches rawURL now, outside the cache, and describes the keys
// it serves for alg: the console's test of a URL. Its errors begin
// "chat: keys URL: ".
func (s *KeySets) Check(ctx context.Context, rawURL, alg string) ([]KeyInfo, error) {
	k, err := fetchKeys(ctx, s.client, rawURL, alg)
	if err != nil {
		return nil, fmt.Errorf("chat: keys URL: %w", err)
	}
	return k.info, nil
}

func (s *KeySets) set(url, alg string) *keySet {
	s.mu.Lock()
	defer s.mu.Unlock()
	k := setKey{url, alg}
	ks := s.sets[k]
	if ks == nil {
		ks = &keySet{url: url, alg: alg}
		s.sets[k] = ks
	}
	return ks
}

// keyfunc is the jwt.Keyfunc of a token of a widget whose keys are at
// url: the JWKS key its kid names (keyfunc/v3; a token without kid may
// match any key), or the PEM key.
func (s *KeySets) keyfunc(url, alg string, now time.Time) jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		ks := s.set(url, alg)
		keys, err := s.current(ks, now)
		if err != nil {
			return nil, err
		}
		key, err := keys.lookup(t)
		if !errors.Is(err, jwkset.ErrKeyNotFound) {
			return key, err
		}
		// A kid unknown to the last fetch: a rotation, or a forgery.
		if !ks.mayFetch(now) {
			return nil, errUnknownKeyID
		}
		if keys, err = s.fetchNow(ks, now); err != nil {
			return nil, errUnknownKeyID
		}
		if key, err = keys.lookup(t); errors.Is(err, jwkset.ErrKeyNotFound) {
			return nil, errUnknownKeyID
		}
		return key, err
	}
}

// lookup is the key of t: the PEM key, or the JWKS key of t's kid.
func (k *fetchedKeys) lookup(t *jwt.Token) (any, error) {
	if k.pem != nil {
		return k.pem, nil
	}
	return k.jwks.Keyfunc(t)
}

// current are the keys to verify with at now: the last good ones, with
// a background fetch when they are older than KeysRefresh; before the
// first good fetch, the result of a fetch now.
func (s *KeySets) current(ks *keySet, now time.Time) (*fetchedKeys, error) {
	ks.mu.Lock()
	keys, age, may := ks.keys, now.Sub(ks.fetchedAt), ks.mayFetchLocked(now)
	if keys != nil && age >= KeysRefresh && may && !ks.inFlight && s.ctx.Err() == nil {
		ks.inFlight = true
		s.wg.Add(1)
		go s.refresh(ks, now)
	}
	ks.mu.Unlock()
	if keys != nil {
		return keys, nil
	}
	if !may {
		return nil, errKeysUnavailable
	}
	keys, err := s.fetchNow(ks, now)
	if err != nil {
		return nil, errKeysUnavailable
	}
	return keys, nil
}

func (s *KeySets) refresh(ks *keySet, now time.Time) {
	defer s.wg.Done()
	s.fetchNow(ks, now)
	ks.mu.Lock()
	ks.inFlight = false
	ks.mu.Unlock()
}

// mayFetch says whether KeysRetry has passed since the last fetch.
func (ks *keySet) mayFetch(now time.Time) bool {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	return ks.mayFetchLocked(now)
}

func (ks *keySet) mayFetchLocked(now time.Time) bool {
	return ks.attemptedAt.IsZero() || now.Sub(ks.attemptedAt) >= KeysRetry
}

// fetchNow fetches ks's URL, one fetch at a time: a token that waited
// for another's fetch uses its result. It returns the keys to use (the
// last good ones when this fetch failed, with its error).
func (s *KeySets) fetchNow(ks *keySet, now time.Time) (*fetchedKeys, error) {
	ks.fetch.Lock()
	defer ks.fetch.Unlock()
	ks.mu.Lock()
	if !ks.mayFetchLocked(now) { // another token's fetch just ended
		keys, err := ks.keys, ks.lastErr
		ks.mu.Unlock()
		if keys == nil && err == nil {
			err = errKeysUnavailable
		}
		return keys, err
	}
	ks.attemptedAt = now
	ks.mu.Unlock()

	keys, err := fetchKeys(s.ctx, s.client, ks.url, ks.alg)
	ks.mu.Lock()
	defer ks.mu.Unlock()
	ks.lastErr = err
	if err != nil {
		s.fetched("error")
		s.logger.Warn("chat: keys URL: fetch failed; the last good keys stay", "url", ks.url, "err", err,
			"have_keys", ks.keys != nil)
		return ks.keys, err
	}
	s.fetched("ok")
	ks.keys, ks.fetchedAt = keys, now
	return keys, nil
}

package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"sync"
)

// maxBatch bounds the messages one commit stores.
const maxBatch = 256

// errClosed is returned for a message added after Close.
var errClosed = errors.New("store: closed")

// commits stores messages in group commits: a goroutine (SQLite: one;
// PostgreSQL: several, see dialect) takes every AddMessage waiting and
// stores them in one transaction, each under a
// savepoint of its own (one message's error leaves the others), with one
// sync to disk for all. With synchronous=FULL a sync costs a fraction of
// a millisecond, and tens when the disk is busy; messages arriving
// meanwhile then share the next one instead of queueing for one each.
type commits struct {
	s     *Store
	queue chan addition
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
}

// addition is one AddMessage waiting for its commit.
type addition struct {
	ctx   context.Context
	m     Message
	limit int // AddMessageTo's
	reply chan added
}

type added struct {
	stored       Message
	dup          bool
	agent, state string // the conversation's
	err          error
}

// newCommits starts workers committers: one for SQLite (one writer
// anyway); several for PostgreSQL, whose transactions run side by side
// (messages of one conversation wait for each other on its row lock).
func newCommits(s *Store, workers int) *commits {
	c := &commits{s: s, queue: make(chan addition), quit: make(chan struct{}), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(c.run)
	}
	go func() { wg.Wait(); close(c.done) }()
	return c
}

// add stores m with the next commit and waits for it.
func (c *commits) add(ctx context.Context, m Message, limit int) (added, error) {
	a := addition{ctx: ctx, m: m, limit: limit, reply: make(chan added, 1)}
	select {
	case c.queue <- a:
	case <-c.quit:
		return added{}, errClosed
	case <-ctx.Done():
		return added{}, ctx.Err()
	}
	r := <-a.reply // always answered: run takes nothing it does not answer
	return r, r.err
}

// close stops the goroutine once the commit under way is done; again,
// it does nothing.
func (c *commits) close() {
	c.once.Do(func() { close(c.quit) })
	<-c.done
}

func (c *commits) run() {
	for {
		var batch []addition
		select {
		case a := <-c.queue:
			batch = append(batch, a)
		case <-c.quit:
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case a := <-c.queue:
				batch = append(batch, a)
			default:
				break more
			}
		}
		c.commit(batch)
	}
}

// commit stores batch in one transaction and answers each addition.
func (c *commits) commit(batch []addition) {
	results := make([]added, len(batch))
	// In order of conversation: each message locks its conversation's row
	// (PostgreSQL), and two instances' batches taking them in one order
	// cannot deadlock.
	order := make([]int, len(batch))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return batch[order[i]].m.Conversation < batch[order[j]].m.Conversation })
	var err error
	if c.s.d.postgres {
		err = c.commitPostgres(batch, order, results)
	} else {
		err = c.s.tx(context.Background(), func(tx *sql.Tx) error {
			for _, i := range order {
				a := batch[i]
				if err := a.ctx.Err(); err != nil {
					results[i].err = err
					continue
				}
				results[i] = c.one(tx, a)
			}
			return nil
		})
	}
	for i, a := range batch {
		if err != nil && results[i].err == nil {
			results[i] = added{err: err}
		}
		a.reply <- results[i]
	}
}

// one stores a under a savepoint of its own in tx.
func (c *commits) one(tx *sql.Tx, a addition) added {
	ctx := context.Background() // the commit is shared: one caller leaving must not undo it
	if _, err := tx.ExecContext(ctx, `SAVEPOINT message`); err != nil {
		return added{err: classify(err)}
	}
	r := c.s.addMessage(ctx, tx, a.m, a.limit)
	if err := r.err; err != nil {
		if _, rerr := tx.ExecContext(ctx, `ROLLBACK TO message`); rerr != nil {
			r.err = fmt.Errorf("%w (and rolling back: %v)", err, rerr)
		}
	}
	if _, rerr := tx.ExecContext(ctx, `RELEASE message`); rerr != nil && r.err == nil {
		r = added{err: classify(rerr)}
	}
	return r
}

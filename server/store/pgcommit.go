package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// On PostgreSQL a group commit is one round trip: BEGIN, each message's
// statements (under a savepoint of its own) and COMMIT go out together in
// one pipeline (pgx's batch), where database/sql would wait for each of
// them in turn (two a commit and six a message). The statements are
// addMessage's, with the decisions it takes in Go between them taken by
// the insert's own WHERE: it stores nothing for an unknown conversation,
// a stored client id or an ended conversation, and the results say which.
//
// The row lock is a statement of its own, before the others: under READ
// COMMITTED each statement reads the data committed when it starts, so
// the client-id check and the next seq, which start after the lock is
// granted, see the message of whoever held it; in one statement with the
// lock they would read the data from before the wait.
const (
	pgLock  = `SELECT state, agent FROM conversations WHERE id = $1 FOR UPDATE`
	pgByCID = `SELECT ` + msgColumns + ` FROM messages WHERE conversation = $1 AND cid = $2`
	// pgCount is the conversation's messages, with a limit.
	pgCount = `SELECT COUNT(*) FROM messages WHERE conversation = $1`
	// pgInsert's parameters: conversation, cid (NULL for none), sender,
	// name, text, at, attachment (NULL for none), its type and size, and
	// the limit (0: none).
	pgInsert = `INSERT INTO messages (conversation, seq, cid, sender, name, text, at,
		attachment, attachment_type, attachment_size)
		SELECT $1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages WHERE conversation = $1),
			$2, $3, $4, $5, $6, $7, $8, $9
		FROM conversations c
		WHERE c.id = $1 AND (c.state NOT IN ('ended', 'abandoned') OR $3 = 'system')
		AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation = $1 AND cid = $2)
		AND ($10::bigint <= 0 OR (SELECT COUNT(*) FROM messages WHERE conversation = $1) < $10::bigint)
		RETURNING seq`
)

// pgStep is one message of a pipelined commit.
type pgStep struct {
	i     int // index into the commit's batch
	m     Message
	limit int
}

// commitPostgres stores the additions of batch named by order in one
// transaction, pipelined, and sets their results; it returns an error
// that fails them all (the transaction did not commit).
func (c *commits) commitPostgres(batch []addition, order []int, results []added) error {
	ctx := context.Background() // the commit is shared: one caller leaving must not undo it
	var steps []pgStep
	for _, i := range order {
		a := batch[i]
		if err := a.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		m := a.m
		m.At = time.UnixMilli(m.At.UnixMilli())
		steps = append(steps, pgStep{i: i, m: m, limit: a.limit})
	}
	if len(steps) == 0 {
		return nil
	}
	sc, err := c.s.db.Conn(ctx)
	if err != nil {
		return classify(err)
	}
	defer sc.Close()
	return sc.Raw(func(dc any) error {
		pc := dc.(conn).Conn.Conn()
		err := pipelineCommit(ctx, pc, steps, results)
		if err != nil && pc.PgConn().TxStatus() != 'I' {
			// Not committed: leave no transaction open on the connection
			// (or drop it).
			if _, rerr := pc.Exec(ctx, `ROLLBACK`); rerr != nil || pc.PgConn().TxStatus() != 'I' {
				return errors.Join(classify(err), driver.ErrBadConn)
			}
		}
		return classify(err)
	})
}

// pipelineCommit runs steps in one transaction on pc: one pipeline when
// nothing fails. When a message's statement fails, PostgreSQL skips the
// rest of the pipeline; that message is rolled back to its savepoint and
// the messages after it go out in the next pipeline, with the COMMIT.
func pipelineCommit(ctx context.Context, pc *pgx.Conn, steps []pgStep, results []added) error {
	begin := true
	for {
		b := &pgx.Batch{}
		if begin {
			b.Queue(`BEGIN`)
		}
		for _, st := range steps {
			m := st.m
			b.Queue(`SAVEPOINT message`)
			b.Queue(pgLock, m.Conversation)
			b.Queue(pgByCID, m.Conversation, nullable(m.CID))
			if st.limit > 0 {
				b.Queue(pgCount, m.Conversation)
			}
			b.Queue(pgInsert, m.Conversation, nullable(m.CID), m.From, m.Name, m.Text, m.At.UnixMilli(),
				nullable(m.Attachment.ID), m.Attachment.Type, m.Attachment.Size, int64(st.limit))
			b.Queue(`RELEASE message`)
		}
		b.Queue(`COMMIT`)
		br := pc.SendBatch(ctx, b)
		failed, err := readPipeline(br, begin, steps, results)
		cerr := br.Close()
		if err == nil && cerr != nil {
			err = cerr
		}
		if failed < 0 {
			return err // nil: committed; else BEGIN or COMMIT failed
		}
		// Message failed: roll it back and go on with the ones after it.
		results[steps[failed].i] = added{err: classify(err)}
		for _, q := range []string{`ROLLBACK TO message`, `RELEASE message`} {
			if _, rerr := pc.Exec(ctx, q); rerr != nil {
				return fmt.Errorf("%w (and rolling back: %v)", err, rerr)
			}
		}
		steps, begin = steps[failed+1:], false
	}
}

// readPipeline reads the results of one pipeline into results. It returns
// the index (in steps) of the message whose statement failed and its
// error, or -1 and the error of BEGIN or COMMIT (nil: committed).
func readPipeline(br pgx.BatchResults, begin bool, steps []pgStep, results []added) (int, error) {
	if begin {
		if _, err := br.Exec(); err != nil {
			return -1, err
		}
	}
	for k, st := range steps {
		r, err := readStep(br, st)
		if err != nil {
			return k, err
		}
		results[st.i] = r
	}
	_, err := br.Exec() // COMMIT
	return -1, err
}

// readStep reads one message's results (five, six with a limit).
func readStep(br pgx.BatchResults, st pgStep) (added, error) {
	m := st.m
	if _, err := br.Exec(); err != nil { // SAVEPOINT
		return added{}, err
	}
	var r added
	found := true
	if err := br.QueryRow().Scan(&r.state, &r.agent); errors.Is(err, pgx.ErrNoRows) {
		found = false
	} else if err != nil {
		return added{}, err
	}
	stored, err := scanMessage(br.QueryRow())
	switch {
	case err == nil:
		r.stored, r.dup = stored, true
	case !errors.Is(err, ErrNotFound) && !errors.Is(err, pgx.ErrNoRows):
		return added{}, err
	}
	n := int64(0)
	if st.limit > 0 {
		if err := br.QueryRow().Scan(&n); err != nil {
			return added{}, err
		}
	}
	seq := int64(0)
	if err := br.QueryRow().Scan(&seq); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return added{}, err
	}
	if _, err := br.Exec(); err != nil { // RELEASE
		return added{}, err
	}
	switch {
	case !found:
		return added{err: ErrNotFound}, nil
	case r.dup:
		return r, nil
	case st.limit > 0 && n >= int64(st.limit):
		return added{err: ErrMessageLimit}, nil
	case over(r.state) && m.From != "system":
		return added{err: ErrConflict}, nil
	case seq == 0:
		return added{}, errors.New("store: the insert stored nothing")
	}
	m.Seq = seq
	r.stored = m
	return r, nil
}

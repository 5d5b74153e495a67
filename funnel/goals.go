package funnel

import (
	"errors"
	"strconv"
	"strings"

	"github.com/lcwasm/lcwasm/internal/strconvlite"
)

// MaxGoalPaths is how many goals a widget configuration may declare by
// address ("goals").
const MaxGoalPaths = 20

// GoalPath is a goal the site owner declares by address: reaching a page
// whose path matches Path counts the goal Name, as SDK.reportGoal(Name)
// would. The match happens in the browser; nothing but the counter is
// sent.
type GoalPath struct {
	Name string // a goal name (ValidGoal)
	Path string // "/checkout/done": that path exactly; "/checkout/done*": every path it begins
}

// Matches reports whether a page's path (without query or hash) reaches
// the goal.
func (g GoalPath) Matches(path string) bool {
	if prefix, ok := strings.CutSuffix(g.Path, "*"); ok {
		return strings.HasPrefix(path, prefix)
	}
	return path == g.Path
}

// DecodeGoals reads a widget configuration's "goals" (a plain tree from
// JSON): a list of at most MaxGoalPaths objects {"name": "purchase",
// "path": "/checkout/done"}. A bad entry is reported, with its index, and
// left out; the others apply.
func DecodeGoals(tree any) ([]GoalPath, []error) {
	list, ok := tree.([]any)
	if !ok {
		return nil, []error{errors.New("funnel: goals: want a list of {name, path}")}
	}
	if len(list) > MaxGoalPaths {
		return nil, []error{errors.New("funnel: goals: at most " + strconv.Itoa(MaxGoalPaths))}
	}
	var out []GoalPath
	var errs []error
	for i, v := range list {
		g, err := decodeGoal(v)
		if err != nil {
			errs = append(errs, errors.New("funnel: goals["+strconv.Itoa(i)+"]: "+err.Error()))
			continue
		}
		out = append(out, g)
	}
	return out, errs
}

func decodeGoal(v any) (GoalPath, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return GoalPath{}, errors.New("want an object {name, path}")
	}
	for k := range m {
		if k != "name" && k != "path" {
			return GoalPath{}, errors.New("unknown key " + strconvlite.Quote(k))
		}
	}
	name, _ := m["name"].(string)
	path, _ := m["path"].(string)
	switch {
	case !ValidGoal(name):
		return GoalPath{}, errors.New("name: want 1 to " + strconv.Itoa(MaxGoalLength) + " of A-Z a-z 0-9 _ . -")
	case !strings.HasPrefix(path, "/") || len(path) > MaxIDLength || strings.ContainsAny(path, "?#") ||
		strings.Contains(strings.TrimSuffix(path, "*"), "*"):
		return GoalPath{}, errors.New("path: want a path beginning with /, at most " + strconv.Itoa(MaxIDLength) +
			" bytes, without ? or #, a * only at its end")
	}
	return GoalPath{Name: name, Path: path}, nil
}

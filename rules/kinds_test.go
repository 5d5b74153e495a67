package rules

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// TestEveryKindDecodes keeps testdata/every-kind.json valid and complete:
// it must use every condition kind.
func TestEveryKindDecodes(t *testing.T) {
	b, err := os.ReadFile("testdata/every-kind.json")
	if err != nil {
		t.Fatal(err)
	}
	mustDecode(t, string(b))
	for _, k := range kindList {
		if !strings.Contains(string(b), `{"`+k.name+`":`) {
			t.Errorf("every-kind.json lacks %q", k.name)
		}
	}
}

// TestDocListsEveryKind keeps doc.go's format reference complete.
func TestDocListsEveryKind(t *testing.T) {
	b, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	var missing []string
	for _, k := range kindList {
		if !strings.Contains(string(b), `"`+k.name+`"`) {
			missing = append(missing, k.name)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("doc.go does not document %v", missing)
	}
}

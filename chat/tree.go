package chat

import "github.com/lcwasm/lcwasm/internal/jstree"

// Tree is the frame as JSON.parse would give it: the inverse of [Decode]
// (numbers are float64, zero fields are left out).
func (f Frame) Tree() map[string]any {
	m := map[string]any{"type": f.Type}
	for k, v := range map[string]string{
		"cid": f.CID, "conversation": f.Conversation, "token": f.Token, "state": f.State,
		"from": f.From, "name": f.Name, "text": f.Text, "by": f.By, "code": f.Code,
		"agentName": f.AgentName, "endedBy": f.EndedBy, "message": f.Detail,
	} {
		if v != "" {
			m[k] = v
		}
	}
	for k, v := range map[string]int64{
		"position": int64(f.Position), "seq": int64(f.Seq), "averageWaitMs": f.AverageWait, "at": f.At,
	} {
		if v != 0 {
			m[k] = float64(v)
		}
	}
	if f.Messages != nil {
		list := make([]any, len(f.Messages))
		for i, x := range f.Messages {
			list[i] = x.Tree()
		}
		m["messages"] = list
	}
	return m
}

// typeName names a tree value the way a JavaScript developer would.
func typeName(v any) string { return jstree.TypeName(v) }

// missing is JavaScript's null or undefined.
func missing(v any) bool { return jstree.Absent(v) }

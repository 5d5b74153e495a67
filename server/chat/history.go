package chat

import "encoding/json"

// StoredDetails reads a stored conversation's context as the agent
// console shows it: the visitor's name and the Additional details, the
// conversation frame's "details" (page, referrer, why they came, the
// verified identity, prechat answers, displayable variables), for the
// history's read-only view.
func StoredDetails(raw json.RawMessage) (visitorName string, d any) {
	vc := parseContext(raw)
	det := details{pageContext: vc.pageContext, Displayable: vc.displayable()}
	if det.Prechat == nil {
		det.Prechat = map[string]json.RawMessage{}
	}
	return vc.visitorName(), det
}

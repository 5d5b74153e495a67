// Package admin is the site owner's console at /admin: widgets kept in the
// store, edited in forms or as JSON, validated as the owner types by the
// same decoders the widget runs in the browser (packages widget and rules,
// compiled natively), published as versions with their author and time,
// and rolled back in one click. The configuration endpoint and the chat
// service read the published versions through [Live], so a change reaches
// new page loads without a restart.
//
// The console uses the agent console's sign-in (package agent) and is for
// the accounts whose role is "admin"; any other agent gets 403 on every
// route. Every change needs the session's CSRF token in X-CSRF-Token, a
// JSON body, and a same-origin request (Origin, Sec-Fetch-Site); each is
// written to the store's audit log with who made it.
//
// Routes (registered by package server, see [Console.Register]):
//
//	GET  /admin                                 the console, the sign-in page, or 403
//	GET  /admin/static/*                        its script and style sheet
//	GET  /admin/api/session                     {"user","name","csrf","serverOrigins","serverOnly"}
//	GET  /admin/api/widgets                     the widgets with their published versions
//	POST /admin/api/widgets                     {"appId","config"?} → 201; 409 when taken; 422 invalid
//	GET  /admin/api/widgets/{id}                the widget, its configuration and its history
//	GET  /admin/api/widgets/{id}/versions/{v}   one version's configuration
//	POST /admin/api/widgets/{id}/publish        {"config","note"} → 200 {"version"}; 422 {"problems"}
//	POST /admin/api/widgets/{id}/rollback       {"version"} → 200 {"version"}
//	POST /admin/api/widgets/{id}/disable        {"disabled": bool}
//	POST /admin/api/validate                    {"appId","config"} → {"problems"}
//	POST /admin/api/simulate                    {"config","visit"} → explainProactiveRules' answer
//	GET  /admin/api/audit                       the latest 100 changes, newest first
//	GET  /admin/api/texts                       the widget's languages and phrases, for the texts form
//	GET  /admin/preview?app=&color=&font=       the invitation preview: the real bundle, config in the fragment
//	GET  /admin/preview.js                      its script, served without a session (see [PreviewCSP])
//	GET  /admin/funnel?app=&from=&to=           the invitation funnel report (HTML, server-rendered)
//	GET  /admin/funnel.csv?app=&from=&to=       the same as CSV; 400 for a bad range or widget
//
// Limits: a request body is at most [MaxBody] bytes; the audit view shows
// the latest [AuditShown] entries (all are kept); a funnel report covers
// at most [MaxReportDays] (400) days, [DefaultReportDays] (30) by default.
package admin

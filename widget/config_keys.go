package widget

// ConfigKeys returns the top-level fields DecodeConfig accepts, for the
// site console's test that each has a form.
func ConfigKeys() []string { return append([]string(nil), configKeys...) }

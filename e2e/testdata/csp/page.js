// The page's own script: an external file, as the policy requires.
window.__pageScriptRan = true;

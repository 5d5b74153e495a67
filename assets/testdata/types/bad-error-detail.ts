// TS2339: lcw:error's detail has errorCode, not code.
window.addEventListener("lcw:error", (e) => console.log(e.detail.code));

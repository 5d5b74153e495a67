// What the docs' snippets define on the page themselves (not the SDK's):
// the function a data-customization-callback attribute names.
interface Window {
  lcwCustomize?: () => object;
}

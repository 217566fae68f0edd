// Lets the root `tsc` (which skips .svelte files) type the runes in *.svelte.ts and the *.svelte
// imports; svelte-check uses the real components instead.
/// <reference types="svelte" />
/// <reference types="vite/client" />

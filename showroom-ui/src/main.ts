import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n/i18n.svelte.ts';
import { Router } from './lib/router.svelte.ts';
import { Showroom } from './lib/showroom.svelte.ts';
import './app.css';

document.documentElement.lang = i18n.locale;
// One showroom (socket and state managers) for the page's whole life: changing views keeps it.
const showroom = new Showroom();
showroom.start();
const router = new Router();
router.start();

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain <div id="app">');
export default mount(App, { target, props: { showroom, router } });

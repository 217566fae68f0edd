import { mount } from 'svelte';
import App from './App.svelte';
import { i18n } from './lib/i18n/i18n.svelte.ts';
import { Showroom } from './lib/showroom.svelte.ts';
import './app.css';

document.documentElement.lang = i18n.locale;
const showroom = new Showroom();
showroom.start();

const target = document.getElementById('app');
if (!target) throw new Error('index.html must contain <div id="app">');
export default mount(App, { target, props: { showroom } });

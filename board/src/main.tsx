import { render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('board')!;
render(<App keyRequired={root.dataset.keyRequired === 'true'} />, root);

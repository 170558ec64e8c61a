// A worker's requests must pass the same address policy as the page's.
fetch('http://127.0.0.1:{{PORT}}/secret/worker').then(
    () => postMessage('reached'), () => postMessage('refused'));

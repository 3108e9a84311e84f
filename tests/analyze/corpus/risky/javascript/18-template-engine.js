// A "fast" template engine: compiles templates to functions.
function compile(tpl) {
  let body = 'let out = "";\n';
  const re = /\{\{(.+?)\}\}/g;
  let last = 0;
  let m;
  while ((m = re.exec(tpl)) !== null) {
    body += `out += ${JSON.stringify(tpl.slice(last, m.index))};\n`;
    body += `out += (${m[1]});\n`;
    last = re.lastIndex;
  }
  body += `out += ${JSON.stringify(tpl.slice(last))};\nreturn out;`;
  return new Function('data', 'with (data) { ' + body + ' }');
}

const render = compile(process.argv[2] || 'Hello {{name}}!');
console.log(render({ name: 'world' }));

/**
 * The README's reference tables, made from the declarations themselves: each command's options (the
 * schema in src/options/) and the environment variables (src/settings.ts). `npm run docs` writes them
 * into the README; test/docs.test.ts fails when the README says otherwise.
 */
import { ENVIRONMENT } from '../settings.js';
import { defaultOf } from './options.js';
import { COMMANDS } from './program.js';

/** Table cells: a `|` would end the cell, a `<...>` would be read as HTML. */
const escape = (text: string) => text.replace(/\|/g, '\\|').replace(/</g, '&lt;');
const code = (text: string) => `\`${text.replace(/\|/g, '\\|')}\``;

export function optionsReference(): string {
  return COMMANDS.map((c) => {
    const rows = c.options
      .filter((o) => o.flags)
      .map((o) => {
        const choices = o.value.choices ? `: ${o.value.choices.join(', ')}` : '';
        const shown = o.required ? 'required' : (defaultOf(o) ?? '');
        return `| ${code(o.flags!)} | ${escape(o.help)}${choices} | ${escape(shown)} |`;
      });
    const usage = `paperscope ${c.name}${c.argument ? ` ${c.argument.syntax}` : ''}`;
    return [`**\`${usage}\`**: ${c.summary}`, '', '| option | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
  }).join('\n\n');
}

export function environmentReference(): string {
  const rows = ENVIRONMENT.map((v) => `| ${code(v.name)} | ${escape(v.meaning)} | ${escape(v.default)} |`);
  return ['| variable | meaning | default |', '| --- | --- | --- |', ...rows].join('\n');
}

/** The README with its generated sections (between `<!-- generated: NAME -->` and `<!-- end: NAME -->`) brought up to date. */
export function withReference(readme: string): string {
  const sections: Record<string, string> = { options: optionsReference(), environment: environmentReference() };
  return readme.replace(/(<!-- generated: (\w+)[^>]*-->)[\s\S]*?(<!-- end: \2 -->)/g, (whole, open: string, name: string, close: string) =>
    name in sections ? `${open}\n${sections[name]}\n${close}` : whole,
  );
}

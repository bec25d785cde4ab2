import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Layers, top to bottom (docs/architecture.md): each folder of src/ imports only the ones below it.
// projection/ and store/ share a floor and stay apart. A piece two layers need moves down a layer.
const LAYERS = [
  ['app'],
  ['features'],
  ['components'],
  ['predictors'],
  ['jobs'],
  ['projection', 'store'],
  ['engine'],
  ['metrics'],
  ['data'],
  ['lib'],
];

/** A relative import that climbs out of its folder into one of `folders` (or into src/test). */
const into = (folders) => `^(\\.\\./)+(${folders.join('|')})(/|$)`;

/** One no-restricted-imports entry per layer folder: what it may not import, with why. */
function layerRules() {
  return LAYERS.flatMap((floor, i) =>
    floor.map((folder) => {
      const above = [...LAYERS.slice(0, i).flat(), ...floor.filter((f) => f !== folder)];
      const patterns = [
        {
          regex: into(['test']),
          message: 'src/test/ holds test helpers: production code never imports them.',
        },
      ];
      if (above.length)
        patterns.push({
          regex: into(above),
          message: `${folder}/ never imports ${above.join(', ')}: they sit above it (docs/architecture.md). Move the shared piece down, or let the upper layer call down.`,
        });
      // Layers, not neighbours: a feature (one folder per view) never imports another feature.
      if (folder === 'features')
        patterns.push({
          regex: '^\\.\\./(?!\\.\\.)',
          message:
            'A feature never imports another feature: move what both need to components/, predictors/, jobs/ or a layer below.',
        });
      return {
        files: [`src/${folder}/**/*.{ts,tsx}`],
        // Tests and src/test/ helpers may reach up (a data test loads a model through the engine, a
        // predictor test renders a component); the rule guards what ships.
        ignores: ['**/*.test.{ts,tsx}'],
        rules: { 'no-restricted-imports': ['error', { patterns }] },
      };
    }),
  );
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'public',
      'training',
      'test-results',
      'playwright-report',
      'bench/tmp',
    ],
  },
  {
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { ecmaVersion: 2022, globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  ...layerRules(),
);

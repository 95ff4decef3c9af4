const { task, src, dest } = require('gulp');

/** Copies every node's and credential's svg/png icon next to its compiled file in dist/. */
function copyIcons() {
	return src(['nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

task('build:icons', copyIcons);

// Package check runs scenario files and checks their assert: lines, the work of
// omnisim check (and the file walk of omnisim validate). Files expands paths as
// the go tool expands packages; Run loads every file, runs the valid scenarios a
// few at a time and evaluates their assertions with package reports, one suite
// per file in file order whatever finishes first; Summarize words the outcome and
// says whether it is a failure (an assertion) or bad input (an invalid file).
package check

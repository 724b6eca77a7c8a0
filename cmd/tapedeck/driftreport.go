package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/tapedeck/recorder/drift"
)

// A driftItem is one interaction of a drift report: what changed in it, or
// why it was not compared.
type driftItem struct {
	label   string // "#2 GET https://api.example.com/users/1"
	changes []drift.Change
	skipped string // the reason, when the interaction was not compared
}

// writeDriftText writes the items of one file as text: a line per
// interaction with changes or a reason, and the changes indented under it.
// Interactions without either are left out.
func writeDriftText(w io.Writer, path string, items []driftItem) {
	for _, it := range items {
		switch {
		case it.skipped != "":
			fmt.Fprintf(w, "%s: interaction %s: skipped: %s\n", path, it.label, it.skipped)
		case len(it.changes) > 0:
			fmt.Fprintf(w, "%s: interaction %s: %s\n", path, it.label, plural(len(it.changes), "change"))
			for _, c := range it.changes {
				fmt.Fprintf(w, "    %s\n", c)
			}
		}
	}
}

// writeDriftMarkdown writes the items of one file as a markdown section for
// a pull request: a heading and a table of the changes, then the skipped
// interactions as a list.
func writeDriftMarkdown(w io.Writer, title string, items []driftItem) {
	fmt.Fprintf(w, "### %s\n\n", title)
	wrote := false
	for _, it := range items {
		for _, c := range it.changes {
			if !wrote {
				fmt.Fprint(w, "| Interaction | Path | Change |\n|---|---|---|\n")
				wrote = true
			}
			fmt.Fprintf(w, "| %s | `%s` | %s |\n", mdCell(it.label), strings.ReplaceAll(c.Path, "`", "'"), mdCell(changeText(c)))
		}
	}
	if !wrote {
		fmt.Fprint(w, "No changes.\n")
	}
	first := true
	for _, it := range items {
		if it.skipped == "" {
			continue
		}
		if first {
			fmt.Fprint(w, "\nNot compared:\n\n")
			first = false
		}
		fmt.Fprintf(w, "- %s: %s\n", mdCell(it.label), mdCell(it.skipped))
	}
	fmt.Fprintln(w)
}

// changeText is a change without its path: "added (string "x")".
func changeText(c drift.Change) string {
	return strings.TrimPrefix(c.String(), c.Path+": ")
}

// mdCell escapes text for a markdown table cell.
func mdCell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;").Replace(s)
}

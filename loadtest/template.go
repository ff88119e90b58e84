package loadtest

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"text/template"
	"text/template/parse"
)

// A mapping template says where the fields of a step go in a request; it has no
// use for loops, recursion or padding, each of which lets a few bytes of a
// mapping file make gigabytes ({{range 100000000}}, a template that calls
// itself, {{printf "%999999999d" 1}}). So a template may use only the fields,
// if/else/with, variables, and the functions listed in allowedFuncs (printf with
// a literal format without widths or precisions): it then runs in time and makes
// output linear in its own size and its fields'. Executing it is capped at
// maxTemplateOutput bytes as well.
var allowedFuncs = map[string]bool{
	"json": true, "print": true, "printf": true, "urlquery": true, "html": true, "js": true,
	"len": true, "index": true, "eq": true, "ne": true, "lt": true, "le": true, "gt": true, "ge": true,
	"and": true, "or": true, "not": true,
}

const maxTemplateOutput = 1 << 20

// printfFormat is a format of verbs without flags, widths or precisions.
var printfFormat = regexp.MustCompile(`^([^%]|%[%svdqxXtfgeT])*$`)

func allowedList() string {
	return "fields (.Text, .Vars.NAME, …), if/else/with, variables and json, print, printf, urlquery, html, js, len, index, eq, ne, lt, le, gt, ge, and, or, not"
}

// checkTemplate reports the first construct of t that a mapping may not use.
func checkTemplate(t *template.Template) error {
	if len(t.Templates()) > 1 {
		return errors.New("{{define}} and {{block}} are not allowed in a mapping template (allowed: " + allowedList() + ")")
	}
	if t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	return checkNode(t.Tree.Root)
}

func checkNode(n parse.Node) error {
	refuse := func(what string) error {
		return fmt.Errorf("%s is not allowed in a mapping template (allowed: %s)", what, allowedList())
	}
	switch n := n.(type) {
	case nil:
		return nil
	case *parse.ListNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Nodes {
			if err := checkNode(c); err != nil {
				return err
			}
		}
	case *parse.TextNode, *parse.CommentNode, *parse.FieldNode, *parse.DotNode, *parse.VariableNode,
		*parse.StringNode, *parse.NumberNode, *parse.BoolNode, *parse.NilNode:
	case *parse.ActionNode:
		return checkNode(n.Pipe)
	case *parse.PipeNode:
		if n == nil {
			return nil
		}
		for _, c := range n.Cmds {
			if err := checkNode(c); err != nil {
				return err
			}
		}
	case *parse.CommandNode:
		for i, a := range n.Args {
			if id, ok := a.(*parse.IdentifierNode); ok && i == 0 {
				if !allowedFuncs[id.Ident] {
					return refuse(fmt.Sprintf("function %q", id.Ident))
				}
				if id.Ident == "printf" {
					f, ok := arg(n.Args, 1).(*parse.StringNode)
					if !ok || !printfFormat.MatchString(f.Text) {
						return refuse("printf without a literal format of plain verbs (%s, %d, %v, %q, %x)")
					}
				}
				continue
			}
			if err := checkNode(a); err != nil {
				return err
			}
		}
	case *parse.ChainNode:
		return checkNode(n.Node)
	case *parse.IfNode:
		return checkBranch(&n.BranchNode)
	case *parse.WithNode:
		return checkBranch(&n.BranchNode)
	case *parse.IdentifierNode:
		return refuse(fmt.Sprintf("function %q as an argument", n.Ident))
	case *parse.RangeNode:
		return refuse("{{range}}")
	case *parse.TemplateNode:
		return refuse("{{template}}")
	default:
		return refuse(strings.TrimPrefix(fmt.Sprintf("%T", n), "*parse."))
	}
	return nil
}

func checkBranch(b *parse.BranchNode) error {
	for _, n := range []parse.Node{b.Pipe, b.List, b.ElseList} {
		if err := checkNode(n); err != nil {
			return err
		}
	}
	return nil
}

func arg(args []parse.Node, i int) parse.Node {
	if i < len(args) {
		return args[i]
	}
	return nil
}

// cappedWriter fails once more than maxTemplateOutput bytes were written.
type cappedWriter struct{ b strings.Builder }

var errTemplateOutput = fmt.Errorf("template output exceeds %d bytes", maxTemplateOutput)

func (w *cappedWriter) Write(p []byte) (int, error) {
	if w.b.Len()+len(p) > maxTemplateOutput {
		return 0, errTemplateOutput
	}
	return w.b.Write(p)
}

// The line DuckDB pointed at, shown in the editor: a line highlight and a gutter marker.
import { RangeSet, StateEffect, StateField, type EditorState, type Extension } from "@codemirror/state";
import { Decoration, EditorView, GutterMarker, gutter, type DecorationSet } from "@codemirror/view";

import type { RunnableSql } from "./failure";

/** Sets (a line number) or clears (null) the marked line. */
export const setErrorLine = StateEffect.define<number | null>();

class ErrorMarker extends GutterMarker {
  override toDOM() {
    const mark = document.createElement("span");
    mark.className = "cm-error-marker";
    mark.textContent = "●";
    mark.setAttribute("aria-hidden", "true");
    return mark;
  }
}

const errorMarker = new ErrorMarker();
const errorLineDecoration = Decoration.line({ class: "cm-error-line" });

/** The marked line's number; editing clears it (the mark would point at the wrong text). */
export const errorLineField = StateField.define<number | null>({
  create: () => null,
  update(value, transaction) {
    for (const effect of transaction.effects) {
      if (effect.is(setErrorLine)) return effect.value;
    }
    return transaction.docChanged ? null : value;
  },
});

function lineStart(state: EditorState, line: number | null): number | null {
  if (line === null || line > state.doc.lines) return null;
  return state.doc.line(line).from;
}

const errorDecorations = EditorView.decorations.compute([errorLineField], (state): DecorationSet => {
  const from = lineStart(state, state.field(errorLineField));
  return from === null ? Decoration.none : Decoration.set([errorLineDecoration.range(from)]);
});

const errorGutter = gutter({
  class: "cm-error-gutter",
  lineMarkerChange: (update) =>
    update.startState.field(errorLineField) !== update.state.field(errorLineField),
  markers: (view) => {
    const from = lineStart(view.state, view.state.field(errorLineField));
    return from === null ? RangeSet.empty : RangeSet.of([errorMarker.range(from)]);
  },
});

export function errorLineExtension(): Extension {
  return [errorLineField, errorDecorations, errorGutter];
}

/** What Run executes: the selection when there is one, else everything; with its first line. */
export function runnableText(state: EditorState): RunnableSql {
  const range = state.selection.main;
  if (range.empty) return { sql: state.doc.toString(), firstLine: 1 };
  return { sql: state.sliceDoc(range.from, range.to), firstLine: state.doc.lineAt(range.from).number };
}

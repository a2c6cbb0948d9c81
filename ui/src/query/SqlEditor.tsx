import { autocompletion, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { bracketMatching, indentOnInput } from "@codemirror/language";
import { Compartment, EditorState, Prec } from "@codemirror/state";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  placeholder,
} from "@codemirror/view";
import { useEffect, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";

import type { SqlCompletions } from "../api";
import { useTheme } from "../shell/theme";
import { editorTheme } from "./editorTheme";
import { errorLineExtension, runnableText, setErrorLine } from "./errorLine";
import type { EditorHandle, RunnableSql } from "./failure";
import { sqlSupport } from "./sqlLanguage";

interface SqlEditorProps {
  value: string;
  onChange: (sql: string) => void;
  /** Ctrl/Cmd+Enter: the selection, or all of the text. */
  onRun: (text: RunnableSql) => void;
  completions: SqlCompletions | null;
  /** The editor line DuckDB reported an error at. */
  errorLine: number | null;
  /** For the toolbar's Run, which runs the selection too. */
  handleRef: RefObject<EditorHandle | null>;
}

/** CodeMirror 6 with SQL highlighting, completion, history and the error line. */
export default function SqlEditor(props: SqlEditorProps) {
  const { value, onChange, onRun, completions, errorLine, handleRef } = props;
  const { t } = useTranslation();
  const dark = useTheme() === "dark";
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onRun });
  const initial = useRef({ value, dark, label: t("query.editorLabel"), hint: t("query.placeholder") });
  const [compartments] = useState(() => ({
    language: new Compartment(),
    theme: new Compartment(),
    label: new Compartment(),
  }));

  useEffect(() => {
    callbacks.current = { onChange, onRun };
  }, [onChange, onRun]);

  useEffect(() => {
    const parent = host.current;
    if (!parent) return;
    const start = initial.current;
    const view = new EditorView({
      parent,
      state: EditorState.create({
        doc: start.value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          autocompletion({ activateOnTyping: true, icons: false }),
          Prec.highest(
            keymap.of([
              {
                key: "Mod-Enter",
                run: (target) => {
                  callbacks.current.onRun(runnableText(target.state));
                  return true;
                },
              },
            ]),
          ),
          keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
          errorLineExtension(),
          placeholder(start.hint),
          compartments.language.of(sqlSupport(null)),
          compartments.theme.of(editorTheme(start.dark)),
          compartments.label.of(contentAttributes(start.label)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    handleRef.current = { runnable: () => runnableText(view.state) };
    return () => {
      view.destroy();
      viewRef.current = null;
      handleRef.current = null;
    };
  }, [compartments, handleRef]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const current = view.state.doc.toString();
    if (current !== value) view.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value, viewRef]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.language.reconfigure(sqlSupport(completions)) });
  }, [completions, compartments, viewRef]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.theme.reconfigure(editorTheme(dark)) });
  }, [dark, compartments, viewRef]);

  const label = t("query.editorLabel");
  useEffect(() => {
    viewRef.current?.dispatch({ effects: compartments.label.reconfigure(contentAttributes(label)) });
  }, [label, compartments, viewRef]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: setErrorLine.of(errorLine) });
  }, [errorLine, viewRef]);

  return <div ref={host} className="sql-editor" />;
}

function contentAttributes(label: string) {
  return EditorView.contentAttributes.of({ "data-testid": "sql-editor", "aria-label": label });
}

import { useCallback, useState, type KeyboardEvent, type SyntheticEvent } from "react";
import { useTranslation } from "react-i18next";

import { api, errorMessage } from "../api";
import { formatDateTime } from "../format";
import { useLocale } from "../shell/useLocale";
import { useLoaded } from "./useLoaded";
import { useSync } from "./useSync";

/** The shared report's comment threads (plain text only) and a field to add one. */
export function CommentsTab({ path }: { path: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const sync = useSync();
  const load = useCallback(() => api.reportComments(path), [path]);
  // Loaded when the tab opens, and again after every sync run (posting is one).
  const threads = useLoaded(load, sync.runs);
  const [text, setText] = useState("");
  const [posting, setPosting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const post = async (event?: SyntheticEvent) => {
    event?.preventDefault();
    if (!text.trim() || posting) return;
    setPosting(true);
    setError(null);
    try {
      await sync.runCommand(() => api.addReportComment(path, text, null));
      setText("");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setPosting(false);
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void post(event);
  };

  const list = threads.value;
  return (
    <>
      {list === null && threads.loading && <p className="muted">{t("common.loading")}</p>}
      {list?.length === 0 && <p className="muted">{t("collab.comments.none")}</p>}
      {list?.map((thread) => (
        <section
          key={thread.id}
          className="comment-thread"
          aria-label={t("collab.comments.thread")}
          data-testid="comment-thread"
          data-block={thread.block_id ?? undefined}
        >
          {thread.block_id !== null && <span className="muted small">{t("collab.comments.onBlock")}</span>}
          {thread.comments.map((comment) => (
            <article key={comment.id} className="comment" data-testid="comment" data-author={comment.author_username}>
              <div className="comment-meta">
                <span className="comment-author">{comment.author_username}</span>
                <time className="muted" dateTime={comment.created_at}>
                  {formatDateTime(comment.created_at, locale)}
                </time>
              </div>
              <p className="comment-body" data-testid="comment-body">
                {comment.body}
              </p>
            </article>
          ))}
        </section>
      ))}
      <form className="comment-form" onSubmit={(e) => void post(e)}>
        <textarea
          aria-label={t("collab.comments.inputLabel")}
          placeholder={t("collab.comments.placeholder")}
          value={text}
          disabled={posting}
          onChange={(e) => {
            setText(e.target.value);
          }}
          onKeyDown={onKeyDown}
          data-testid="comment-input"
        />
        <button type="submit" className="primary" disabled={posting || !text.trim()} data-testid="comment-post">
          {posting ? t("collab.comments.posting") : t("collab.comments.post")}
        </button>
      </form>
      {(error ?? threads.error) && (
        <p className="error" role="alert" data-testid="comments-error">
          {error ?? threads.error}
        </p>
      )}
    </>
  );
}

import type { QueryResult } from "../api";
import { formatCell, isNumeric } from "../format";

/** A query result as a table with typed column headers. */
export function ResultTable({ result }: { result: QueryResult }) {
  if (result.columns.length === 0) {
    return <p className="muted">The statement ran and returned no columns.</p>;
  }
  return (
    <div className="grid-scroll">
      <table className="grid" data-testid="result-table">
        <thead>
          <tr>
            {result.columns.map((column, i) => (
              <th key={i} className={isNumeric(column) ? "numeric" : undefined}>
                <span className="column-name">{column.name}</span>
                <span className="column-type">{column.sqlType}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => {
                const column = result.columns[c];
                if (!column) return null;
                const classes = [isNumeric(column) ? "numeric" : "", cell === null ? "null" : ""];
                return (
                  <td key={c} className={classes.join(" ").trim() || undefined}>
                    {formatCell(cell, column)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import type { Schema } from 'mongoose';

/**
 * Documents whose `_id` is a natural key made of other fields (e.g. `platform:contactId`), so
 * the hot path reads them by `_id`: the one filter FerretDB v1 pushes down to SQLite (any other
 * filter reads the whole collection). The plugin keeps the rule in one place:
 * - a new document gets its `_id` from its fields (`create`, `save`);
 * - an upsert whose filter names the key fields inserts with that `_id` (`$setOnInsert`);
 * - a query whose filter is exactly the key fields is asked by `_id` instead.
 * Code that changes a key field must move the document (insert under the new key, delete the
 * old one): `_id` never changes.
 */
export function naturalId(schema: Schema, fields: readonly string[]): void {
  const keyOf = (src: Record<string, unknown> | null | undefined): string | undefined => {
    if (!src) return undefined;
    const parts = fields.map((f) => src[f]);
    return parts.every((p) => typeof p === 'string' && p.length > 0) ? parts.join(':') : undefined;
  };
  schema.pre('validate', function () {
    const key = keyOf(this as unknown as Record<string, unknown>);
    if (this.isNew && key && (this._id === undefined || this._id === null)) this._id = key;
  });
  const ops = [
    'find',
    'findOne',
    'findOneAndUpdate',
    'findOneAndDelete',
    'updateOne',
    'updateMany',
    'deleteOne',
    'deleteMany',
    'countDocuments',
  ] as const;
  (schema.pre as unknown as (ops: readonly string[], fn: unknown) => void)(
    ops,
    function (this: {
      getFilter(): Record<string, unknown>;
      setQuery(f: Record<string, unknown>): void;
      getOptions(): { upsert?: boolean };
      getUpdate(): Record<string, unknown> | null;
      setUpdate(u: Record<string, unknown>): void;
    }) {
      const filter = this.getFilter();
      const key = keyOf(filter);
      if (!key) return;
      const keys = Object.keys(filter);
      const exact = keys.length === fields.length && keys.every((k) => fields.includes(k));
      if (this.getOptions().upsert) {
        const update = this.getUpdate() ?? {};
        const set = (update.$set ?? {}) as Record<string, unknown>;
        const onInsert = { ...((update.$setOnInsert ?? {}) as Record<string, unknown>) };
        if (exact) {
          for (const f of fields) if (!(f in set)) onInsert[f] = filter[f];
        } else onInsert._id = key;
        this.setUpdate({ ...update, $setOnInsert: onInsert });
      }
      if (exact) this.setQuery({ _id: key });
    },
  );
}

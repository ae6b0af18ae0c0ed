/**
 * The kinds of field a ticket event's console form can ask for. Pure (no imports): the console
 * (web/src) imports this type too, so server and console never disagree.
 */
export type FieldType =
  | 'text'
  | 'textarea'
  /** Used by console-only forms. */
  | 'number'
  | 'money'
  | 'datetime'
  | 'person'
  | 'department'
  | 'select'
  | 'boolean'
  | 'score'
  | 'fees'
  | 'materials'
  /** One of the ticket's linked reporters. */
  | 'linked_reporter';

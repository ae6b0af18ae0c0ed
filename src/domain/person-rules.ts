import { RELATIONS, type Role } from './roles.js';

/**
 * What makes a person record whole, whoever writes it (CSV import or the console editor):
 * staff and department supervisors belong to a department; residents can be reached by phone.
 * Returns the problems, as field: message lines.
 */
export function personIssues(p: {
  roles: readonly Role[];
  department?: string | null;
  phone?: string | null;
}): string[] {
  const issues: string[] = [];
  if ((p.roles.includes('staff') || p.roles.includes('dept_supervisor')) && !p.department)
    issues.push('department: required for staff and department supervisors');
  if (p.roles.some((r) => (RELATIONS as readonly string[]).includes(r)) && !p.phone)
    issues.push('phone: required for residents');
  return issues;
}

/**
 * A WeChat reply that quotes an earlier message arrives as the quote, a dashed line and the
 * reply ("「物业小助手：【新工单】BX…」\n- - - - - - - - - - - - - - -\n接单").
 */
export function splitQuote(text: string): { quote?: string; body: string } {
  const m = /^([\s\S]*?)\n?\s*(?:-\s){5,}-?\s*\n?([\s\S]*)$/.exec(text);
  if (!m) return { body: text.trim() };
  return { quote: m[1]!.trim(), body: m[2]!.trim() };
}

import * as OpenCC from 'opencc-js';

/**
 * The two OpenCC converters, made once (each holds its dictionaries in memory): traditional
 * (Taiwan variant, which also reads Hong Kong text well enough) to simplified, and simplified to
 * Taiwan's traditional characters (not OpenCC's phrase table "twp": it turns 项目 into 專案).
 */
export const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
export const toTraditionalTw = OpenCC.Converter({ from: 'cn', to: 'tw' });

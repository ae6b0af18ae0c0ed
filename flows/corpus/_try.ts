import { understand, isGroupReport } from '../../src/chat/understand.js';
import { normalizeText } from '../../src/chat/text/normalize.js';
const texts = process.argv.slice(2).length ? process.argv.slice(2) : ['5栋门口的垃圾桶满了好几天都没人倒','垃圾没人收','楼道好脏没人扫','草坪好久没修剪了','门口有人乱停车','保安态度太差了','物业收钱不办事','3栋的垃圾好几天没人收了 臭死','楼下草坪杂草比人高了也没人管','樓道好髒冇人掃','小区门口乱停车都堵死了'];
for (const t of texts) { const n = normalizeText(t).text; const u = understand(n);
  console.log(`${t} → ${u.kind}/${u.category}/${u.department} conf ${u.confidence} amb ${u.ambiguous} report ${u.isReport} group ${isGroupReport(n)} alts ${u.alternatives.map(a=>a.kind+'/'+a.category+':'+a.p).join(' ')}`); }

import bcrypt from 'bcryptjs';

/**
 * Password hashing with bcryptjs (pure JavaScript bcrypt: no native build, so `npm ci` works on
 * every machine). bcrypt reads at most 72 bytes; longer passwords are refused at the input schema.
 */
export const hashPassword = (password: string, rounds: number) => bcrypt.hash(password, rounds);

/** A hash of nothing, so an unknown user name costs as long as a wrong password. */
let dummy: string | undefined;

export async function verifyPassword(password: string, hash: string | undefined, rounds: number) {
  if (!hash) {
    dummy ??= await bcrypt.hash('not a password', rounds);
    await bcrypt.compare(password, dummy);
    return false;
  }
  return bcrypt.compare(password, hash);
}

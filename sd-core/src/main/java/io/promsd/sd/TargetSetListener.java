package io.promsd.sd;

/**
 * Receives each published {@link TargetSet}. Each subscription has its own dispatcher thread: calls
 * come in version order and never concurrently; a slow listener delays only itself and is then
 * handed the newest snapshot (intermediate ones may be skipped, the last never is). An exception
 * thrown here is logged and the subscription stays.
 */
@FunctionalInterface
public interface TargetSetListener {
  /** Called with a new snapshot. */
  void onUpdate(TargetSet set);
}

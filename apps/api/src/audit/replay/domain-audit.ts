// The pure audit of libs/domain, in one place for the replay driver.
export * from '@app/domain';
